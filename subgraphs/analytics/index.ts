import 'reflect-metadata';
import { runProcess } from '../../internal/server/process.js';
import { loadAnalyticsConfig } from './config.js';
import { createAnalyticsServer } from './server.js';

void runProcess('analytics', async () => {
  const config = loadAnalyticsConfig();
  const server = await createAnalyticsServer(config);
  const port = await server.listen(config.PORT, config.HOST);
  return { service: server, port, log: server.log, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
});
