import { dropDatabase } from '../../internal/db/database.js';
import { Stack } from '../support/stack.js';
import { until } from '../support/ws.js';
import { databaseUrlFor, uniqueId } from '../support/test-env.js';
import { K8S_PROCESSES, parseDocuments, runScript, yamlFilesUnder } from './manifests.js';

/** A script with only the given environment (and PATH). */
const runWith = (name: string, env: Record<string, string>) => runScript(name, [], { PATH: process.env.PATH ?? '', ...env });

const deployments = yamlFilesUnder('k8s/base')
  .flatMap((file) => parseDocuments(file))
  .filter((m) => m.kind === 'Deployment');

describe('probe paths of the manifests, on the real processes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  test('every running process answers 200 on its readiness, liveness and startup probe paths', async () => {
    const running = K8S_PROCESSES.filter((p) => {
      try {
        return stack.port(p.name) > 0;
      } catch {
        return false; // not in this checkout yet
      }
    });
    expect(running.length).toBeGreaterThanOrEqual(8);
    const answers: string[] = [];
    for (const p of running) {
      const container = deployments.find((d) => d.metadata.name === p.name)!.spec.template.spec.containers[0];
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const url = `${stack.url(p.name)}${container[probe].httpGet.path}`;
        // like the kubelet, probe again while a dependency (a queue consumer) is still connecting
        let response = await fetch(url);
        await until(`${p.name} ${probe}`, async () => (response = await fetch(url)).status === 200, 15_000).catch(() => undefined);
        answers.push(`${p.name} ${probe} ${response.status}${response.status === 200 ? '' : ` ${await response.text()}`}`);
      }
    }
    expect(answers.filter((a) => !a.endsWith(' 200'))).toEqual([]);
  });

  test('the image healthcheck script passes on a subgraph (PORT) and the gateway (GATEWAY_PORT), and fails where nothing listens', async () => {
    expect((await runWith('healthcheck', { PORT: String(stack.port('identity')) })).code).toBe(0);
    expect((await runWith('healthcheck', { GATEWAY_PORT: String(stack.port('gateway')) })).code).toBe(0);
    const down = await runWith('healthcheck', { PORT: '1' });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('unhealthy');
  });
});

describe('scripts/migrate (compose migrate service, k8s migration Job)', () => {
  const databaseUrl = databaseUrlFor(`deploy_migrate_${uniqueId()}`);
  afterAll(async () => {
    await dropDatabase(databaseUrl);
  });

  test('creates the database, applies every migration, then finds nothing to do', async () => {
    const first = await runWith('migrate', { DATABASE_URL: databaseUrl });
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/^applied \d+ migration\(s\)/);
    const second = await runWith('migrate', { DATABASE_URL: databaseUrl });
    expect(second).toMatchObject({ code: 0 });
    expect(second.stdout).toContain('up to date');
  });

  test('exits 1 with a clear message without DATABASE_URL or when the database cannot be reached', async () => {
    const missing = await runWith('migrate', {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('DATABASE_URL is required');
    const unreachable = await runWith('migrate', { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/nothing' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('ECONNREFUSED');
  });
});
