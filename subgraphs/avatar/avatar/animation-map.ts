import { ANIMATION_HINTS, isAnimationHint, type AnimationHint } from '../../../internal/animation-hints.js';
import { BadInput } from '../../../internal/errors.js';
import type { AnimationClip } from '../model/gltf-animations.js';
import type { AnimationMappingEntry } from './model-record.js';

/** Words that, found in a clip's name, make it a candidate for the hint (checked in this order). */
const KEYWORDS: Record<AnimationHint, string[]> = {
  idle: ['idle', 'breath', 'rest', 'stand'],
  talking: ['talk', 'speak'],
  thinking: ['think', 'ponder'],
  happy: ['happy', 'joy', 'smile', 'laugh'],
  sad: ['sad', 'cry'],
  excited: ['excit', 'cheer', 'celebrat'],
  greeting: ['greet', 'hello', 'wave'],
  explaining: ['explain', 'gestur', 'present'],
  pointing: ['point'],
  nodding: ['nod', 'agree'],
  shaking_head: ['shak', 'disagree'],
  waving: ['wave', 'greet', 'hello'],
};

/** The hint whose clip plays when a hint has no clip of its own; idle ends every chain. */
const FALLBACK: Record<Exclude<AnimationHint, 'idle'>, AnimationHint> = {
  talking: 'idle',
  thinking: 'idle',
  happy: 'idle',
  sad: 'idle',
  excited: 'happy',
  greeting: 'waving',
  waving: 'idle',
  explaining: 'talking',
  pointing: 'explaining',
  nodding: 'idle',
  shaking_head: 'idle',
};

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The clip each hint plays, for every hint of the vocabulary:
 * 1. the uploader's explicit mapping;
 * 2. a clip named like the hint (case and separators ignored: "Shaking Head" = shaking_head);
 * 3. the first clip (file order) whose name contains one of the hint's keywords
 *    (talking: "talk", "speak"), keywords tried in order;
 * 4. the clip of the hint's fallback (talking → idle, explaining → talking,
 *    pointing → explaining, excited → happy, greeting → waving, others → idle);
 * 5. idle itself falls back to the first clip of the file; null when the model has no clips.
 */
export function resolveAnimationMap(explicit: AnimationMappingEntry[], clips: AnimationClip[]): { hint: AnimationHint; clip: string | null }[] {
  const chosen = new Map(explicit.map((e) => [e.hint, e.clip]));
  const clipFor = (hint: AnimationHint): string | null => {
    const mapped = chosen.get(hint);
    if (mapped) return mapped;
    const named = clips.find((c) => squash(c.name) === squash(hint));
    if (named) return named.name;
    for (const word of KEYWORDS[hint]) {
      const match = clips.find((c) => c.name.toLowerCase().includes(word));
      if (match) return match.name;
    }
    return hint === 'idle' ? (clips[0]?.name ?? null) : clipFor(FALLBACK[hint]);
  };
  return ANIMATION_HINTS.map((hint) => ({ hint, clip: clipFor(hint) }));
}

/** An uploader's mapping: known hints, each at most once, naming clips the file has. */
export function validateAnimationMap(entries: AnimationMappingEntry[], clips: AnimationClip[]): AnimationMappingEntry[] {
  const names = new Set(clips.map((c) => c.name));
  const seen = new Set<string>();
  for (const { hint, clip } of entries) {
    if (!isAnimationHint(hint)) throw BadInput(`Unknown animation hint "${hint}"; hints are: ${ANIMATION_HINTS.join(', ')}`, { field: 'animationMap' });
    if (seen.has(hint)) throw BadInput(`Animation hint "${hint}" is mapped twice`, { field: 'animationMap' });
    seen.add(hint);
    if (!names.has(clip)) {
      const available = clips.length ? clips.map((c) => `"${c.name}"`).join(', ') : 'none';
      throw BadInput(`The model has no clip named "${clip}" (for hint "${hint}"); its clips: ${available}`, { field: 'animationMap' });
    }
  }
  return entries.map(({ hint, clip }) => ({ hint, clip }));
}
