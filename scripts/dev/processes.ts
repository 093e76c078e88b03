import { existsSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPHS, SUBGRAPH_NAMES } from '../../internal/config/services.js';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface ProcessSpec {
  name: string;
  /** compiled entry point, relative to the repository root */
  entry: string;
  /** the variable its port is read from, and the port */
  portVar: string;
  port: number;
}

/** Workers: BullMQ consumers with their own /health port. */
export const WORKERS = {
  'ingest-worker': { entry: 'dist/workers/ingest/main.js', port: 4010 },
  'analytics-worker': { entry: 'dist/workers/analytics/main.js', port: 4011 },
} as const;

/** Every process `npm start` runs, in this checkout (parts that have not landed are skipped). */
export function processSpecs(gatewayPort: number): ProcessSpec[] {
  const specs: ProcessSpec[] = SUBGRAPH_NAMES.map((name) => ({
    name,
    entry: `dist/subgraphs/${name}/main.js`,
    portVar: 'PORT',
    port: SUBGRAPHS[name],
  }));
  for (const [name, worker] of Object.entries(WORKERS)) specs.push({ name, entry: worker.entry, portVar: 'PORT', port: worker.port });
  specs.push({ name: 'gateway', entry: 'dist/gateway/main.js', portVar: 'GATEWAY_PORT', port: gatewayPort });
  return specs.filter((spec) => existsSync(path.join(ROOT, spec.entry)));
}

/**
 * Start order when ports are only known once a process listens (tests use
 * port 0): a process starts after those whose URLs it needs.
 */
export const STARTUP_TIERS: string[][] = [
  ['identity'],
  ['billing', 'analytics'],
  ['persona'],
  // avatar and knowledge ask persona whether a persona is in the caller's organization
  // (persona calls knowledge too: knowledge's port is picked before anything starts)
  ['conversation', 'avatar', 'knowledge'],
  Object.keys(WORKERS),
  ['gateway'],
];
