import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { BLOBS_MOUNT, K8S_PROCESSES, PRE_STOP_SECONDS, shutdownTimeoutMs, sourceOf, type K8sProcess } from './processes.js';

/**
 * Renders k8s/base/<process>.yaml (Deployment, Service, PodDisruptionBudget,
 * and an HPA or a KEDA ScaledObject) from scripts/k8s/processes.ts.
 * `npm run k8s` writes them; `--check` fails when they are stale.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
export const BASE_DIR = path.join(ROOT, 'k8s', 'base');
/** kustomize `images:` replaces this name in every overlay */
export const IMAGE = 'bwenge';
const CONFIG_MAP = 'bwenge-config';
const SECRET = 'bwenge-secrets';
const REDIS_ADDRESS = 'redis:6379';
const KEY_PREFIX = 'bwenge';

const labels = (p: K8sProcess) => ({ 'app.kubernetes.io/name': p.name, 'app.kubernetes.io/part-of': 'bwenge', 'app.kubernetes.io/component': p.kind });
const selector = (p: K8sProcess) => ({ 'app.kubernetes.io/name': p.name });
const meta = (p: K8sProcess, name = p.name) => ({ name, labels: labels(p) });

function envOf(p: K8sProcess) {
  const fixed = [
    { name: p.portVar, value: String(p.port) },
    { name: 'SHUTDOWN_TIMEOUT_MS', value: String(shutdownTimeoutMs(p)) },
  ];
  const referenced = p.env.map((name) =>
    sourceOf(name) === 'secret'
      ? // only DATABASE_URL is needed to start; the other secrets switch features on
        { name, valueFrom: { secretKeyRef: { name: SECRET, key: name, ...(name === 'DATABASE_URL' ? {} : { optional: true }) } } }
      : { name, valueFrom: { configMapKeyRef: { name: CONFIG_MAP, key: name } } },
  );
  return [...fixed, ...referenced];
}

const probe = (pathName: string, periodSeconds: number, failureThreshold: number) => ({
  httpGet: { path: pathName, port: 'http' },
  periodSeconds,
  timeoutSeconds: 3,
  failureThreshold,
});

function deployment(p: K8sProcess) {
  const mounts = [
    { name: 'tmp', mountPath: '/tmp' },
    // BWENGE_DATA_DIR (the image's /var/lib/bwenge): generated keys and scratch when no secret is set
    { name: 'data', mountPath: '/var/lib/bwenge' },
    ...(p.blobs ? [{ name: 'blobs', mountPath: BLOBS_MOUNT }] : []),
  ];
  const volumes = [
    { name: 'tmp', emptyDir: { sizeLimit: p.tmpSize } },
    { name: 'data', emptyDir: { sizeLimit: '256Mi' } },
    ...(p.blobs ? [{ name: 'blobs', persistentVolumeClaim: { claimName: 'bwenge-blobs' } }] : []),
  ];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(p),
    // no `replicas`: the HPA (gateway, subgraphs) or KEDA (workers) owns it
    spec: {
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector(p) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: labels(p) },
        spec: {
          terminationGracePeriodSeconds: p.terminationGraceSeconds,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: p.name,
              image: IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['node', p.entry],
              ports: [{ name: 'http', containerPort: p.port }],
              env: envOf(p),
              resources: p.resources,
              startupProbe: probe('/health', 5, 24),
              livenessProbe: probe('/health', 20, 3),
              readinessProbe: probe('/ready', 10, 3),
              lifecycle: { preStop: { exec: { command: ['sleep', String(PRE_STOP_SECONDS)] } } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  };
}

const service = (p: K8sProcess) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta(p),
  spec: { type: 'ClusterIP', selector: selector(p), ports: [{ name: 'http', port: p.port, targetPort: 'http' }] },
});

const disruptionBudget = (p: K8sProcess) => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: meta(p),
  spec: { maxUnavailable: 1, selector: { matchLabels: selector(p) } },
});

const autoscaler = (p: K8sProcess) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: meta(p),
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: p.name },
    minReplicas: 2,
    maxReplicas: p.kind === 'gateway' ? 10 : 6,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
  },
});

/** KEDA: replicas follow the BullMQ wait list (a Redis list in BullMQ 5+) of the worker's queue. */
const scaledObject = (p: K8sProcess) => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: meta(p),
  spec: {
    scaleTargetRef: { name: p.name },
    // at least one: the analytics worker also runs the weekly report schedule
    minReplicaCount: 1,
    maxReplicaCount: p.name === 'ingest-worker' ? 8 : 4,
    pollingInterval: 10,
    cooldownPeriod: 300,
    triggers: [
      {
        type: 'redis',
        metadata: {
          address: REDIS_ADDRESS,
          listName: `${KEY_PREFIX}:${p.queue}:wait`,
          // waiting jobs per replica before another is added
          listLength: p.name === 'ingest-worker' ? '5' : '500',
          activationListLength: '0',
        },
      },
    ],
  },
});

export function renderProcess(p: K8sProcess): string {
  const docs = [deployment(p), service(p), disruptionBudget(p), p.queue ? scaledObject(p) : autoscaler(p)];
  const header = `# Generated by \`npm run k8s\` from scripts/k8s/processes.ts — edit there, not here.\n`;
  return header + docs.map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n');
}

export function renderAll(): Record<string, string> {
  return Object.fromEntries(K8S_PROCESSES.map((p) => [path.join(BASE_DIR, `${p.name}.yaml`), renderProcess(p)]));
}

async function main() {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [file, content] of Object.entries(renderAll())) {
    const current = existsSync(file) ? await readFile(file, 'utf8') : null;
    if (current === content) continue;
    if (check) stale.push(path.relative(ROOT, file));
    else await writeFile(file, content);
  }
  if (stale.length) {
    process.stderr.write(`Stale manifests (run \`npm run k8s\` and commit):\n${stale.map((f) => `  - ${f}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(check ? 'k8s/base is up to date.\n' : `Rendered ${K8S_PROCESSES.length} process manifests into k8s/base\n`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
