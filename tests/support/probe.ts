import { Stack, type StackOptions } from './stack.js';

/** The test-only probe subgraph (tests/support/fixtures/probe) as an extra process of a stack. */
export const PROBE = { name: 'probe', entry: 'dist/tests/support/fixtures/probe/main.js' } as const;

/** identity (for real tokens) + the probe, composed into a test supergraph, behind the real gateway. */
export function startProbeStack(options: StackOptions = {}): Promise<Stack> {
  return Stack.start({ subgraphs: ['identity'], workers: [], ...options, extraSubgraphs: [PROBE, ...(options.extraSubgraphs ?? [])] });
}

export const UPLOAD_PROBE = /* GraphQL */ `
  mutation UploadProbe($file: Upload!, $label: String) {
    uploadProbe(file: $file, label: $label) { size sha256 filename mimetype label userId }
  }`;

export const PROBE_STATS = /* GraphQL */ `
  query ProbeStats($topic: String) { probeStats(topic: $topic) { uploadRequests activeTicks topicListeners } }`;

export const PUBLISH_PROBE = /* GraphQL */ `
  mutation PublishProbe($topic: String!, $seq: Int!, $payload: String) { publishProbe(topic: $topic, seq: $seq, payload: $payload) }`;

export const TICKS = /* GraphQL */ `
  subscription Ticks($count: Int!, $intervalMs: Int!) { ticks(count: $count, intervalMs: $intervalMs) { n userId } }`;

export const TOPIC_EVENTS = /* GraphQL */ `
  subscription TopicEvents($topic: String!) { topicEvents(topic: $topic) { topic seq payload subscriberId } }`;
