/** The fixed vocabulary of avatar animation hints (persona answers, avatar maps). */
export const ANIMATION_HINTS = [
  'idle',
  'talking',
  'thinking',
  'happy',
  'sad',
  'excited',
  'greeting',
  'explaining',
  'pointing',
  'nodding',
  'shaking_head',
  'waving',
] as const;
export type AnimationHint = (typeof ANIMATION_HINTS)[number];

export const isAnimationHint = (value: string): value is AnimationHint => (ANIMATION_HINTS as readonly string[]).includes(value);
