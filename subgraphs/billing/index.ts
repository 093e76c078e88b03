import 'reflect-metadata';
import { runProcess } from '../../internal/server/process.js';
import { loadBillingConfig } from './config.js';
import { createBillingServer } from './server.js';

void runProcess('billing', async () => {
  const config = loadBillingConfig();
  const server = await createBillingServer(config);
  const port = await server.listen(config.PORT, config.HOST);
  return { service: server, port, log: server.log, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
});
