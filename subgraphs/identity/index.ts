import 'reflect-metadata';
import { runProcess } from '../../internal/server/process.js';
import { loadIdentityConfig } from './config.js';
import { createIdentityServer } from './server.js';

void runProcess('identity', async () => {
  const config = loadIdentityConfig();
  const server = await createIdentityServer(config);
  const port = await server.listen(config.PORT, config.HOST);
  return { service: server, port, log: server.log, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
});
