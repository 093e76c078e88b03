import { runProcess } from '../internal/server/process.js';
import { loadGatewayConfig } from './config.js';
import { createGateway } from './server.js';

void runProcess('gateway', async () => {
  const config = loadGatewayConfig();
  const gateway = await createGateway(config);
  const port = await gateway.listen(config.GATEWAY_PORT, config.HOST);
  return { service: gateway, port, log: gateway.log, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
});
