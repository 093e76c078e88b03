/**
 * What k8s/base runs: one entry per process of the image. `npm run k8s`
 * renders k8s/base/<name>.yaml from this table (scripts/k8s/render.ts);
 * tests/deploy compares the rendered manifests with each process's config.
 */
export type Source = 'config' | 'secret';

export interface K8sProcess {
  name: string;
  /** compiled entry point in the image */
  entry: string;
  /** the process's config module (exports envShape), relative to the repository root, without extension */
  configModule: string;
  portVar: 'PORT' | 'GATEWAY_PORT';
  port: number;
  kind: 'gateway' | 'subgraph' | 'worker';
  /** variables the process reads from the bwenge-config ConfigMap or the bwenge-secrets Secret (same key names) */
  env: string[];
  /** seconds SIGTERM may take: longer than the longest request or job the process holds */
  terminationGraceSeconds: number;
  resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
  /** size of the /tmp emptyDir (upload spool files, OCR scratch) */
  tmpSize: string;
  /** mounts the shared ReadWriteMany blobs volume */
  blobs?: boolean;
  /** KEDA scales it on this BullMQ queue's wait list */
  queue?: string;
}

/** Keys of the Secret (k8s/base/secret.yaml); everything else comes from the ConfigMap. */
export const SECRET_KEYS = [
  'DATABASE_URL',
  'JWT_PRIVATE_KEY',
  'AVATAR_URL_SIGNING_KEY',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'OPENAI_API_KEY',
  'GEMINI_API_KEY',
  'WEAVIATE_API_KEY',
] as const;

/** The BullMQ queue of ingest jobs (the knowledge subgraph adds, the ingest worker consumes). */
export const INGEST_QUEUE = 'knowledge-ingest';
/** internal/events/events.ts EVENTS_QUEUE: domain events for the analytics worker. */
export const EVENTS_QUEUE_NAME = 'domain-events';

/** Where the blobs PVC is mounted; BLOB_DIR and avatar's BWENGE_DATA_DIR/blobs live under it. */
export const BLOBS_MOUNT = '/var/lib/bwenge/blobs';
/** preStop sleep: lets endpoints and the ingress drop the pod before SIGTERM. */
export const PRE_STOP_SECONDS = 5;
/** the longest stream: conversation's REPLY_TIMEOUT_MS default (120 s) plus margin */
const STREAM_GRACE = 150;

const common = ['NODE_ENV', 'LOG_LEVEL', 'REDIS_URL', 'REDIS_KEY_PREFIX', 'OTEL_EXPORTER_OTLP_ENDPOINT'];
const database = ['DATABASE_URL', 'DATABASE_POOL_SIZE'];
const subgraph = [...common, ...database, 'JWKS_URL'];
const embeddings = ['EMBEDDING_PROVIDER', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'VECTOR_STORE', 'WEAVIATE_URL', 'WEAVIATE_API_KEY', 'BLOB_DIR'];

const small = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } };
const medium = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } };

const sub = (name: string, port: number, env: string[], extra: Partial<K8sProcess> = {}): K8sProcess => ({
  name,
  entry: `dist/subgraphs/${name}/main.js`,
  configModule: `subgraphs/${name}/config`,
  portVar: 'PORT',
  port,
  kind: 'subgraph',
  env: [...subgraph, ...env],
  terminationGraceSeconds: 30,
  resources: small,
  tmpSize: '256Mi',
  ...extra,
});

export const K8S_PROCESSES: K8sProcess[] = [
  {
    name: 'gateway',
    entry: 'dist/gateway/main.js',
    configModule: 'gateway/config',
    portVar: 'GATEWAY_PORT',
    port: 4000,
    kind: 'gateway',
    env: [
      ...common,
      'JWKS_URL',
      ...['IDENTITY', 'KNOWLEDGE', 'PERSONA', 'CONVERSATION', 'AVATAR', 'ANALYTICS', 'BILLING'].map((n) => `${n}_URL`),
      'CORS_ORIGINS',
      'MAX_UPLOAD_BYTES',
    ],
    // WebSocket subscriptions and streamed replies pass through it
    terminationGraceSeconds: STREAM_GRACE,
    resources: medium,
    // uploads are spooled to /tmp before they are forwarded
    tmpSize: '2Gi',
  },
  sub('identity', 4001, ['BILLING_URL', 'JWT_PRIVATE_KEY']),
  sub('knowledge', 4002, ['PERSONA_URL', 'BILLING_URL', 'MAX_UPLOAD_BYTES', ...embeddings], { resources: medium, tmpSize: '2Gi', blobs: true }),
  // answers stream to conversation for as long as a reply runs
  sub('persona', 4003, ['KNOWLEDGE_URL', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'LLM_FALLBACK'], { terminationGraceSeconds: STREAM_GRACE }),
  sub('conversation', 4004, ['PERSONA_URL', 'BILLING_URL', 'REPLY_TIMEOUT_MS'], { terminationGraceSeconds: STREAM_GRACE }),
  sub('avatar', 4005, ['PERSONA_URL', 'PUBLIC_BASE_URL', 'AVATAR_URL_SIGNING_KEY'], { tmpSize: '1Gi', blobs: true }),
  sub('analytics', 4006, ['ANALYTICS_TIME_ZONE']),
  sub('billing', 4007, ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'CHECKOUT_SUCCESS_URL', 'CHECKOUT_CANCEL_URL', 'OPERATOR_EMAILS']),
  {
    name: 'analytics-worker',
    entry: 'dist/workers/analytics/main.js',
    configModule: 'workers/analytics/config',
    portVar: 'PORT',
    port: 4011,
    kind: 'worker',
    env: [...common, ...database, 'ANALYTICS_TIME_ZONE'],
    terminationGraceSeconds: 30,
    resources: small,
    tmpSize: '64Mi',
    queue: EVENTS_QUEUE_NAME,
  },
  {
    name: 'ingest-worker',
    entry: 'dist/workers/ingest/main.js',
    configModule: 'workers/ingest/config',
    portVar: 'PORT',
    port: 4010,
    kind: 'worker',
    env: [...common, 'DATABASE_URL', ...embeddings, 'INGEST_CONCURRENCY', 'OCR_POOL_SIZE'],
    // an OCR or transcription step finishes before the pod goes
    terminationGraceSeconds: STREAM_GRACE,
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
    tmpSize: '4Gi',
    blobs: true,
    queue: INGEST_QUEUE,
  },
];

/** SHUTDOWN_TIMEOUT_MS: the process gives up stopping before the kubelet's SIGKILL. */
export const shutdownTimeoutMs = (p: K8sProcess) => (p.terminationGraceSeconds - PRE_STOP_SECONDS - 5) * 1000;

/** Where the value of `name` comes from. */
export const sourceOf = (name: string): Source => ((SECRET_KEYS as readonly string[]).includes(name) ? 'secret' : 'config');
