import { runProcess } from '../../internal/server/process.js';
import { loadIngestWorkerConfig } from './config.js';
import { createIngestWorker } from './worker.js';

void runProcess('ingest-worker', async () => {
  const config = loadIngestWorkerConfig();
  const worker = await createIngestWorker(config);
  const port = await worker.listen(config.PORT, config.HOST);
  return { service: worker, port, log: worker.log, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
});
