import { AppError } from '../../../internal/errors.js';
import { resolveAnimationMap, validateAnimationMap } from './animation-map.js';

const clips = (...names: string[]) => names.map((name) => ({ name, durationSeconds: 1 }));
const asRecord = (map: { hint: string; clip: string | null }[]) => Object.fromEntries(map.map((m) => [m.hint, m.clip]));

test('the default avatar clips cover every hint through names, keywords and fallbacks', () => {
  expect(asRecord(resolveAnimationMap([], clips('Idle', 'Talking', 'Nodding')))).toEqual({
    idle: 'Idle',
    talking: 'Talking',
    thinking: 'Idle',
    happy: 'Idle',
    sad: 'Idle',
    excited: 'Idle',
    greeting: 'Idle',
    explaining: 'Talking',
    pointing: 'Talking',
    nodding: 'Nodding',
    shaking_head: 'Idle',
    waving: 'Idle',
  });
});

test('talking takes the first clip with "talk" in its name, else idle', () => {
  expect(asRecord(resolveAnimationMap([], clips('Breathing', 'Talk_Short', 'talk_long'))).talking).toBe('Talk_Short');
  expect(asRecord(resolveAnimationMap([], clips('Wave', 'Breathing'))).talking).toBe('Breathing');
});

test('names match whatever their case and separators; keywords find exporter-style names', () => {
  const map = asRecord(resolveAnimationMap([], clips('mixamo.com|Stand', 'Shaking Head', 'Hello_Wave', 'PointAtBoard')));
  expect(map).toMatchObject({ shaking_head: 'Shaking Head', greeting: 'Hello_Wave', waving: 'Hello_Wave', pointing: 'PointAtBoard', idle: 'mixamo.com|Stand' });
});

test('idle falls back to the first clip; without clips every hint maps to null', () => {
  expect(asRecord(resolveAnimationMap([], clips('Dance', 'Spin'))).idle).toBe('Dance');
  expect(resolveAnimationMap([], []).every((m) => m.clip === null)).toBe(true);
});

test('explicit choices win and flow into the hints that fall back to them', () => {
  const map = asRecord(resolveAnimationMap([{ hint: 'talking', clip: 'Dance' }], clips('Idle', 'Talking', 'Dance')));
  expect(map).toMatchObject({ talking: 'Dance', explaining: 'Dance', pointing: 'Dance', idle: 'Idle' });
});

describe('validating an uploader map', () => {
  const fileClips = clips('Idle', 'Wave');
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return [(err as AppError).code, (err as AppError).message];
    }
    return null;
  };
  test('accepts known hints naming existing clips', () => {
    expect(validateAnimationMap([{ hint: 'waving', clip: 'Wave' }], fileClips)).toEqual([{ hint: 'waving', clip: 'Wave' }]);
  });
  test.each([
    [[{ hint: 'dancing', clip: 'Wave' }], /Unknown animation hint "dancing"/],
    [[{ hint: 'waving', clip: 'Jump' }], /no clip named "Jump".*"Idle", "Wave"/],
    [[{ hint: 'idle', clip: 'Idle' }, { hint: 'idle', clip: 'Wave' }], /mapped twice/],
  ])('refuses %j', (entries, message) => {
    const [code, text] = codeOf(() => validateAnimationMap(entries, fileClips))!;
    expect(code).toBe('BAD_USER_INPUT');
    expect(text).toMatch(message);
  });
});
