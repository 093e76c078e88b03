import { z } from 'zod';
import { env, loadConfig } from '../internal/config/env.js';

/**
 * The image's HEALTHCHECK: GET http://127.0.0.1:<port>/health, exit 0 on
 * HTTP 200, 1 otherwise. The port is the process's own: PORT for subgraphs
 * and workers, GATEWAY_PORT for the gateway (which has no PORT).
 */
export const envShape = {
  PORT: z.coerce.number().int().min(1).max(65535).optional().describe('port of a subgraph or worker'),
  GATEWAY_PORT: env.port(4000),
  HEALTHCHECK_TIMEOUT_MS: env.positiveInt(3_000),
};

export function healthUrl(source: NodeJS.ProcessEnv = process.env): string {
  const config = loadConfig(envShape, source);
  return `http://127.0.0.1:${config.PORT ?? config.GATEWAY_PORT}/health`;
}

async function main() {
  const { HEALTHCHECK_TIMEOUT_MS } = loadConfig(envShape);
  const response = await fetch(healthUrl(), { signal: AbortSignal.timeout(HEALTHCHECK_TIMEOUT_MS) });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`unhealthy: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
