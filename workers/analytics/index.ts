import { runProcess } from '../../internal/server/process.js';
import { loadAnalyticsWorkerConfig } from './config.js';
import { createAnalyticsWorker } from './worker.js';

void runProcess('analytics-worker', async () => {
  const config = loadAnalyticsWorkerConfig();
  const worker = await createAnalyticsWorker(config);
  const port = await worker.listen(config.PORT, config.HOST);
  return { service: worker, port, log: worker.log, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
});
