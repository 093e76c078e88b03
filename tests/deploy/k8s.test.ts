import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPHS, type SubgraphName } from '../../internal/config/services.js';
import { EVENTS_QUEUE } from '../../internal/events/events.js';
import { WORKERS } from '../../scripts/dev/processes.js';
import { BLOBS_MOUNT, PRE_STOP_SECONDS, SECRET_KEYS } from '../../scripts/k8s/processes.js';
import { renderAll } from '../../scripts/k8s/render.js';
import { ASSET_PREFIX } from '../../subgraphs/avatar/avatar/avatar.presenter.js';
import {
  K8S_PROCESSES,
  ROOT,
  entryExists,
  envShapeOf,
  knownVarNames,
  missingConfigReason,
  parseDocuments,
  requiredVars,
  yamlFilesUnder,
  type Manifest,
} from './manifests.js';

const base = yamlFilesUnder('k8s/base').flatMap((file) => parseDocuments(file));
const find = (kind: string, name: string) => base.find((m) => m.kind === kind && m.metadata.name === name);
const configMap = find('ConfigMap', 'bwenge-config')!.data as Record<string, string>;
const secret = find('Secret', 'bwenge-secrets')!.stringData as Record<string, string>;

test('every manifest under k8s/ parses, and each names apiVersion, kind and metadata.name', () => {
  const all = yamlFilesUnder('k8s').flatMap((file) => parseDocuments(file));
  expect(all.length).toBeGreaterThan(40);
  for (const m of all) if (m.kind !== 'Kustomization') expect([m.apiVersion, m.kind, m.metadata?.name].every(Boolean)).toBe(true);
});

test('k8s/base process manifests are what `npm run k8s` renders from scripts/k8s/processes.ts', () => {
  const stale = Object.entries(renderAll()).filter(([file, content]) => readFileSync(file, 'utf8') !== content).map(([file]) => file);
  expect(stale).toEqual([]);
});

test('the Secret template holds no real secret: only empty values and a CHANGE_ME database password', () => {
  expect(Object.keys(secret).sort()).toEqual([...SECRET_KEYS].sort());
  for (const [key, value] of Object.entries(secret)) {
    if (key === 'DATABASE_URL') expect(value).toContain('CHANGE_ME');
    else expect(value).toBe('');
  }
});

test('ConfigMap keys are all read by some process', () => {
  const known = knownVarNames();
  expect(Object.keys(configMap).filter((key) => !known.has(key))).toEqual([]);
});

describe.each(K8S_PROCESSES.map((p) => [p.name, p] as const))('k8s %s', (name, p) => {
  const deployment = find('Deployment', name)!;
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const env = container.env as { name: string; value?: string; valueFrom?: any }[];
  const envValue = (key: string) => env.find((e) => e.name === key)?.value;

  (entryExists(p.entry) ? test : test.skip)(`runs ${p.entry}${entryExists(p.entry) ? '' : ' — skipped: its source is not in this checkout yet'}`, () => {
    expect(container.command).toEqual(['node', p.entry]);
  });

  test(`serves on ${p.port}: container port, ${p.portVar}, Service and probes agree`, () => {
    expect(container.ports).toEqual([{ name: 'http', containerPort: p.port }]);
    expect(envValue(p.portVar)).toBe(String(p.port));
    const service = find('Service', name)!;
    expect(service.spec.ports).toEqual([{ name: 'http', port: p.port, targetPort: 'http' }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/health', port: 'http' });
  });

  test('runs as non-root on a read-only root filesystem with /tmp on an emptyDir, within resource limits', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    const tmp = container.volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/tmp');
    expect(pod.volumes.find((v: { name: string }) => v.name === tmp.name).emptyDir).toBeDefined();
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();
  });

  test('stops within its grace period: SHUTDOWN_TIMEOUT_MS plus preStop is shorter than terminationGracePeriodSeconds', () => {
    const shutdownMs = Number(envValue('SHUTDOWN_TIMEOUT_MS'));
    expect(shutdownMs + PRE_STOP_SECONDS * 1000).toBeLessThan(pod.terminationGracePeriodSeconds * 1000);
    if (['gateway', 'conversation', 'persona'].includes(name)) {
      // streams of up to REPLY_TIMEOUT_MS pass through these
      expect(shutdownMs).toBeGreaterThan(Number(configMap.REPLY_TIMEOUT_MS));
    }
  });

  test('every ConfigMap and Secret reference exists; only DATABASE_URL is a mandatory secret', () => {
    for (const e of env.filter((entry) => entry.valueFrom)) {
      const ref = e.valueFrom.configMapKeyRef ?? e.valueFrom.secretKeyRef;
      expect(ref.key).toBe(e.name);
      if (e.valueFrom.configMapKeyRef) expect([e.name, e.name in configMap]).toEqual([e.name, true]);
      else expect([e.name, e.name in secret, ref.optional ?? false]).toEqual([e.name, true, e.name !== 'DATABASE_URL']);
    }
  });

  const shape = envShapeOf(p);
  (shape ? test : test.skip)(shape ? 'sets only variables its envShape knows and provides every required one' : missingConfigReason(p), () => {
    const known = new Set(Object.keys(shape!));
    expect(env.map((e) => e.name).filter((key) => !known.has(key))).toEqual([]);
    // a literal, a mandatory secret, or a non-empty ConfigMap value (empty means unset)
    const provided = env.filter((e) => e.value || (e.valueFrom?.secretKeyRef && !e.valueFrom.secretKeyRef.optional) || configMap[e.name]).map((e) => e.name);
    expect(requiredVars(shape!).filter((key) => !provided.includes(key))).toEqual([]);
  });

  test('has a PodDisruptionBudget and is scaled: HPA on CPU, or KEDA on its BullMQ wait list', () => {
    expect(find('PodDisruptionBudget', name)!.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(deployment.spec.replicas).toBeUndefined();
    if (p.kind === 'worker') {
      const scaled = find('ScaledObject', name)!;
      expect(find('HorizontalPodAutoscaler', name)).toBeUndefined();
      expect(scaled.spec.triggers[0].type).toBe('redis');
      expect(scaled.spec.triggers[0].metadata.listName).toBe(`${configMap.REDIS_KEY_PREFIX}:${p.queue}:wait`);
      expect(scaled.spec.triggers[0].metadata.address).toBe(new URL(configMap.REDIS_URL!).host);
    } else {
      expect(find('HorizontalPodAutoscaler', name)!.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    }
  });
});

test('the analytics worker scales on the queue domain events are published to', () => {
  expect(K8S_PROCESSES.find((p) => p.name === 'analytics-worker')!.queue).toBe(EVENTS_QUEUE);
});

test('knowledge, avatar and the ingest worker share the ReadWriteMany blobs volume; BLOB_DIR lies on it', () => {
  expect(find('PersistentVolumeClaim', 'bwenge-blobs')!.spec.accessModes).toEqual(['ReadWriteMany']);
  const mounting = K8S_PROCESSES.filter((p) =>
    find('Deployment', p.name)!.spec.template.spec.volumes.some((v: any) => v.persistentVolumeClaim?.claimName === 'bwenge-blobs'),
  ).map((p) => p.name);
  expect(mounting.sort()).toEqual(['avatar', 'ingest-worker', 'knowledge']);
  expect(configMap.BLOB_DIR!.startsWith(`${BLOBS_MOUNT}/`)).toBe(true);
});

test('the ingress sends /graphql (WebSockets, 100 MB uploads) to the gateway and the avatar asset prefix to avatar', () => {
  const ingress = find('Ingress', 'bwenge')!;
  const annotations = ingress.metadata.annotations!;
  expect(annotations).toMatchObject({
    'nginx.ingress.kubernetes.io/proxy-body-size': '100m',
    'nginx.ingress.kubernetes.io/proxy-request-buffering': 'off',
  });
  expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
  expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(3600);
  const routes = Object.fromEntries(
    ingress.spec.rules[0].http.paths.map((path: any) => [path.path, `${path.backend.service.name}:${path.backend.service.port.name}`]),
  );
  expect(routes).toMatchObject({ '/graphql': 'gateway:http', [ASSET_PREFIX]: 'avatar:http' });
  for (const target of Object.values(routes) as string[]) expect(find('Service', target.split(':')[0]!)).toBeDefined();
});

test('the migration Job runs scripts/migrate with DATABASE_URL from the Secret', () => {
  const job = find('Job', 'bwenge-migrate') as Manifest;
  const container = job.spec.template.spec.containers[0];
  expect(container.command).toEqual(['node', 'dist/scripts/migrate.js']);
  expect(entryExists('dist/scripts/migrate.js')).toBe(true);
  expect(container.env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'bwenge-secrets', key: 'DATABASE_URL' } } }]);
  expect(job.spec.template.spec.restartPolicy).toBe('Never');
});

test('manifest ports are the ports the codebase gives each process (subgraph defaults, dev launcher workers)', () => {
  for (const p of K8S_PROCESSES) {
    const expected = p.kind === 'gateway' ? 4000 : p.kind === 'subgraph' ? SUBGRAPHS[p.name as SubgraphName] : WORKERS[p.name as keyof typeof WORKERS].port;
    expect([p.name, p.port]).toEqual([p.name, expected]);
  }
});

const ingestQueueModule = path.join(ROOT, 'dist', 'subgraphs', 'knowledge', 'queue', 'ingest-queue.js');
(existsSync(ingestQueueModule) ? test : test.skip)(
  `the ingest worker scales on the knowledge subgraph's ingest queue${existsSync(ingestQueueModule) ? '' : ' — skipped: subgraphs/knowledge/queue/ingest-queue.ts is not in this checkout yet'}`,
  () => {
    expect(K8S_PROCESSES.find((p) => p.name === 'ingest-worker')!.queue).toBe((require(ingestQueueModule) as { INGEST_QUEUE: string }).INGEST_QUEUE);
  },
);
