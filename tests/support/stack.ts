import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SUBGRAPH_NAMES, serviceUrlVar, type SubgraphName } from '../../internal/config/services.js';
import { processSpecs, ROOT, STARTUP_TIERS, WORKERS } from '../../scripts/dev/processes.js';
import { GraphQLClient } from './client.js';
import { composeRunning } from './compose-running.js';
import { freePort } from './services.js';
import { testRun, uniqueId } from './test-env.js';

export type WorkerName = keyof typeof WORKERS;

// Called by a process of an earlier tier (identity reserves seats in billing, yet starts first: everyone needs its
// JWKS; persona searches knowledge, which asks persona about personas), so their port is picked before anything
// starts instead of learned from port 0.
const PORT_PICKED_FIRST: SubgraphName[] = ['billing', 'knowledge'];

/** Subgraphs another one cannot work without: a stack that asks for one gets these too. */
const NEEDS: Partial<Record<SubgraphName, SubgraphName[]>> = {
  identity: ['billing'], // invitations hold seats
  knowledge: ['persona', 'billing'], // persona ownership, storage quota
  avatar: ['persona'],
  conversation: ['persona', 'billing'], // answers, message quota
};

function withNeeds(names: readonly SubgraphName[]): SubgraphName[] {
  const all = new Set<SubgraphName>();
  const add = (name: SubgraphName) => {
    if (all.has(name)) return;
    all.add(name);
    (NEEDS[name] ?? []).forEach(add);
  };
  names.forEach(add);
  return [...all];
}

// the shared e2e stack serves many tests from one address: limits are tested on their own stacks
const GATEWAY_TEST_ENV = { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_USER: '100000' };

export interface StackOptions {
  /** subgraphs to run (plus those they need, see NEEDS); default: every subgraph in this checkout */
  subgraphs?: SubgraphName[];
  /** workers to run; default: every worker in this checkout */
  workers?: WorkerName[];
  /** extra environment for every process */
  env?: Record<string, string>;
  /** extra environment for the gateway only */
  gatewayEnv?: Record<string, string>;
  /** more subgraph processes (test fixtures), started after the regular subgraphs, before the gateway */
  extraSubgraphs?: ExtraSubgraph[];
  /**
   * The gateway's supergraph: `'checked-in'` (schema/supergraph.graphql),
   * `'compose'` (composed from what the running subgraphs serve, routed to
   * where they listen) or a file. Default: 'compose' with extra subgraphs,
   * otherwise 'checked-in'.
   */
  supergraph?: 'checked-in' | 'compose' | { path: string };
}

export interface ExtraSubgraph {
  /** its name in the supergraph */
  name: string;
  /** compiled entry point relative to the repository root, e.g. dist/tests/support/fixtures/probe/main.js */
  entry: string;
  /** extra environment for this process only */
  env?: Record<string, string>;
}

interface Running {
  name: string;
  entry: string;
  child: ChildProcess;
  port: number;
  env: NodeJS.ProcessEnv;
}

/**
 * The real thing, as `npm start` runs it: every subgraph, worker and the
 * gateway as its own Node process on a free port, over the run's database
 * and Redis. Names of queues are unique to the stack.
 */
export class Stack {
  private constructor(
    private readonly processes: Map<string, Running>,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.port('gateway')}/graphql`;
  }

  port(name: string): number {
    const running = this.processes.get(name);
    if (!running) throw new Error(`${name} is not part of this stack`);
    return running.port;
  }

  url(name: SubgraphName | (string & {})): string {
    return `http://127.0.0.1:${this.port(name)}`;
  }

  /** Process ids by name (for RSS measurements). */
  pids(): Record<string, number> {
    return Object.fromEntries([...this.processes.values()].map((p) => [p.name, p.child.pid!]));
  }

  /** A client of the gateway, optionally signed in. */
  client(token?: string): GraphQLClient {
    return new GraphQLClient(this.gatewayUrl, token);
  }

  static async start(options: StackOptions = {}): Promise<Stack> {
    const run = testRun();
    const id = uniqueId();
    const available = processSpecs(0);
    const wanted = new Set<string>([...withNeeds(options.subgraphs ?? SUBGRAPH_NAMES), ...(options.workers ?? Object.keys(WORKERS))]);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: run.databaseUrl,
      REDIS_URL: run.redisUrl,
      BWENGE_DATA_DIR: run.dataDir,
      REDIS_KEY_PREFIX: `test-${id}`,
      DATABASE_POOL_SIZE: '4',
      ...options.env,
    };
    const processes = new Map<string, Running>();
    const stack = new Stack(processes, env);
    const picked = new Map<string, number>();
    for (const name of PORT_PICKED_FIRST.filter((n) => wanted.has(n) && available.some((spec) => spec.name === n))) {
      picked.set(name, await freePort());
      env[serviceUrlVar(name)] = `http://127.0.0.1:${picked.get(name)}`;
    }
    const subgraphPorts = (spec: { name: string }) => (SUBGRAPH_NAMES as string[]).includes(spec.name);
    try {
      for (const tier of STARTUP_TIERS.filter((t) => !t.includes('gateway'))) {
        const specs = available.filter((spec) => tier.includes(spec.name) && wanted.has(spec.name));
        await Promise.all(
          specs.map(async (spec) =>
            processes.set(spec.name, await spawn(spec.name, spec.entry, { ...env, [spec.portVar]: String(picked.get(spec.name) ?? 0) })),
          ),
        );
        // later tiers learn where the earlier ones listen
        for (const spec of specs) {
          const port = processes.get(spec.name)!.port;
          if (subgraphPorts(spec)) env[serviceUrlVar(spec.name as SubgraphName)] = `http://127.0.0.1:${port}`;
          if (spec.name === 'identity') env.JWKS_URL = `http://127.0.0.1:${port}/.well-known/jwks.json`;
        }
      }
      const extras = options.extraSubgraphs ?? [];
      await Promise.all(extras.map(async (extra) => processes.set(extra.name, await spawn(extra.name, extra.entry, { ...env, ...extra.env, PORT: '0' }))));

      const gatewayEnv: NodeJS.ProcessEnv = { ...env, ...GATEWAY_TEST_ENV, ...options.gatewayEnv, GATEWAY_PORT: '0' };
      const supergraph = options.supergraph ?? (extras.length ? 'compose' : 'checked-in');
      if (supergraph === 'compose') {
        const running = [...processes.values()].filter((p) => subgraphPorts(p) || extras.some((e) => e.name === p.name));
        const file = path.join(run.dataDir, `supergraph-${id}.graphql`);
        await composeRunning(running.map((p) => ({ name: p.name, url: `http://127.0.0.1:${p.port}/graphql` })), file);
        gatewayEnv.SUPERGRAPH_PATH = file;
      } else if (supergraph !== 'checked-in') {
        gatewayEnv.SUPERGRAPH_PATH = path.resolve(supergraph.path);
      }
      const gateway = available.find((spec) => spec.name === 'gateway')!;
      processes.set('gateway', await spawn('gateway', gateway.entry, gatewayEnv));
      return stack;
    } catch (err) {
      await stack.stop();
      throw err;
    }
  }

  /** Kills a process (SIGKILL: a crash) or stops it (SIGTERM). */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const running = this.processes.get(name);
    if (running) await terminate(running.child, signal);
  }

  /** Starts a stopped process again on the same port. */
  async restart(name: string): Promise<void> {
    const running = this.processes.get(name);
    if (!running) throw new Error(`${name} is not part of this stack`);
    await terminate(running.child, 'SIGTERM');
    const portVar = name === 'gateway' ? 'GATEWAY_PORT' : 'PORT';
    this.processes.set(name, await spawn(name, running.entry, { ...running.env, [portVar]: String(running.port) }));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((p) => terminate(p.child, 'SIGTERM')));
  }
}

function spawn(name: string, entry: string, env: NodeJS.ProcessEnv): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(ROOT, entry), [], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (process.env.STACK_LOGS) process.stderr.write(`[${name}] ${chunk}`);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const onExit = (code: number | null) => reject(new Error(`${name} exited (${code}) before it was ready:\n${output}`));
    child.once('exit', onExit);
    child.on('message', (msg: { type?: string; port?: number }) => {
      if (msg?.type !== 'ready' || msg.port === undefined) return;
      child.off('exit', onExit);
      resolve({ name, entry, child, port: msg.port, env });
    });
  });
}

function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
