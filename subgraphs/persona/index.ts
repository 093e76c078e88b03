import 'reflect-metadata';
import { runProcess } from '../../internal/server/process.js';
import { loadPersonaConfig } from './config.js';
import { createPersonaServer } from './server.js';

void runProcess('persona', async () => {
  const config = loadPersonaConfig();
  const server = await createPersonaServer(config);
  const port = await server.listen(config.PORT, config.HOST);
  return { service: server, port, log: server.log, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
});
