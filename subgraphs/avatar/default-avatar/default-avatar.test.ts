import { readFile } from 'node:fs/promises';
import { bufferSource } from '../model/byte-source.js';
import { readModel } from '../model/model-reader.js';
import { loadDefaultAvatar } from './default-avatar-asset.js';
import { buildDefaultAvatar, DEFAULT_AVATAR_PATH } from './default-avatar.js';

const f32 = Math.fround;

test('the shipped default avatar is exactly what the project code writes', async () => {
  const shipped = await readFile(DEFAULT_AVATAR_PATH);
  // if this fails: npm run avatar:default-model, then commit the .glb
  expect(buildDefaultAvatar().equals(shipped)).toBe(true);
});

test('the default avatar is a valid GLB with its named clips and a 1.7 m figure', async () => {
  const summary = await readModel(bufferSource(buildDefaultAvatar()));
  expect(summary).toEqual({
    format: 'glb',
    mimeType: 'model/gltf-binary',
    animations: [
      { name: 'Idle', durationSeconds: 2 },
      { name: 'Talking', durationSeconds: 1 },
      { name: 'Nodding', durationSeconds: f32(1.2) },
    ],
    boundingBox: { min: [f32(-0.25), 0, f32(-0.2)], max: [f32(0.25), 1.5 + f32(0.2), f32(0.2)] },
  });
});

test('without the shipped file (an image that copies only dist/) the same avatar is built in memory', async () => {
  const shipped = await loadDefaultAvatar();
  const built = await loadDefaultAvatar('/nonexistent/default-avatar.glb');
  expect(built.bytes.equals(shipped.bytes)).toBe(true);
  expect(built.record).toEqual(shipped.record);
});
