import 'reflect-metadata';
import { runProcess } from '../../internal/server/process.js';
import { loadAvatarConfig } from './config.js';
import { createAvatarServer } from './server.js';

void runProcess('avatar', async () => {
  const config = loadAvatarConfig();
  const server = await createAvatarServer(config);
  const port = await server.listen(config.PORT, config.HOST);
  return { service: server, port, log: server.log, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
});
