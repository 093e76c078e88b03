// Runs `prisma generate` offline. The Prisma 7 CLI wants a native schema
// engine on every command, but generate never uses it: any existing file
// satisfies the check (see STACK.md). With internet the real engine works too.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const cli = path.join(__dirname, '..', 'node_modules', 'prisma', 'build', 'index.js');
const result = spawnSync(process.execPath, [cli, 'generate', '--schema', path.join(__dirname, '..', 'prisma', 'schema')], {
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
