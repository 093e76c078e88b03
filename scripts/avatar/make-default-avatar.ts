import { writeFile } from 'node:fs/promises';
import { buildDefaultAvatar, DEFAULT_AVATAR_PATH } from '../../subgraphs/avatar/default-avatar/default-avatar.js';

/**
 * Writes the shipped default avatar (subgraphs/avatar/default-avatar/default-avatar.glb).
 * A unit test fails when the checked-in file differs from what this writes.
 * Usage: npm run avatar:default-model
 */
async function main() {
  const bytes = buildDefaultAvatar();
  await writeFile(DEFAULT_AVATAR_PATH, bytes);
  process.stdout.write(`wrote ${DEFAULT_AVATAR_PATH} (${bytes.length} bytes)\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
