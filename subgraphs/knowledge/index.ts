import 'reflect-metadata';
import { runProcess } from '../../internal/server/process.js';
import { loadKnowledgeConfig } from './config.js';
import { createKnowledgeServer } from './server.js';

void runProcess('knowledge', async () => {
  const config = loadKnowledgeConfig();
  const server = await createKnowledgeServer(config);
  const port = await server.listen(config.PORT, config.HOST);
  return { service: server, port, log: server.log, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
});
