import 'reflect-metadata';
import { runProcess } from '../../internal/server/process.js';
import { loadConversationConfig } from './config.js';
import { createConversationServer } from './server.js';

void runProcess('conversation', async () => {
  const config = loadConversationConfig();
  const server = await createConversationServer(config);
  const port = await server.listen(config.PORT, config.HOST);
  return { service: server, port, log: server.log, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
});
