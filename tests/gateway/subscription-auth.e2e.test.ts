import { generateKeyPairSync, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { registerAdmin, type Session } from '../support/client.js';
import { PROBE_STATS, startProbeStack, TICKS, TOPIC_EVENTS } from '../support/probe.js';
import type { Stack } from '../support/stack.js';
import { mintAccessToken } from '../support/tokens.js';
import { bearer, Connections, Recorder, until } from '../support/ws.js';

let stack: Stack;
let admin: Session;
const sockets = new Connections(() => stack.gatewayUrl);

beforeAll(async () => {
  stack = await startProbeStack();
  admin = await registerAdmin(stack.client());
}, 60_000);
afterEach(() => sockets.closeAll());
afterAll(() => stack?.stop());

const connect = (params?: Record<string, unknown>) => sockets.connect(params);

/** Connects with `params`, tries to subscribe, and returns how the socket was closed. */
async function refusedWith(params: Record<string, unknown>) {
  const connection = connect(params);
  const sub = new Recorder(connection.client, TICKS, { count: 1, intervalMs: 1 });
  const closed = await connection.closed;
  expect(sub.results).toEqual([]);
  return closed;
}

describe('connection_init is authenticated like an HTTP request', () => {
  test('an authorization that is not a string: 4400 saying what is expected', async () => {
    expect(await refusedWith({ authorization: 42 })).toEqual({ code: 4400, reason: 'connectionParams.authorization must be a string "Bearer <token>"' });
  });

  test('a malformed authorization: 4401', async () => {
    expect(await refusedWith({ authorization: 'Token abc' })).toEqual({ code: 4401, reason: 'Malformed Authorization header; expected "Bearer <token>"' });
  });

  test('a token signed by another key: 4401 Invalid access token', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = jwt.sign({ org: admin.orgId, role: 'ADMIN', email: admin.email }, privateKey, {
      algorithm: 'RS256',
      keyid: 'not-a-key-of-identity',
      subject: admin.userId,
      issuer: 'bwenge-identity',
      audience: 'bwenge',
      expiresIn: 600,
    });
    expect(await refusedWith(bearer(forged))).toEqual({ code: 4401, reason: 'Invalid access token' });
  });

  test('an expired token: 4401 Access token expired', async () => {
    expect(await refusedWith(bearer(await mintAccessToken(admin, 'ADMIN', -60)))).toEqual({ code: 4401, reason: 'Access token expired' });
  });

  test('no authorization is anonymous: fields that need a user refuse, per operation, at the subgraph', async () => {
    const connection = connect();
    const topic = new Recorder(connection.client, TOPIC_EVENTS, { topic: 'anonymous' });
    const ticks = new Recorder(connection.client, TICKS, { count: 1, intervalMs: 1 });
    await until('both answered', () => topic.ended && ticks.ended);
    expect(topic.results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(ticks.data).toEqual([{ ticks: { n: 1, userId: null } }]);
  });
});

test('a token that expires during the connection ends its subscriptions with UNAUTHENTICATED, then closes 4401', async () => {
  const topic = `t-${randomUUID()}`;
  const connection = connect(bearer(await mintAccessToken(admin, 'ADMIN', 3)));
  const events = new Recorder(connection.client, TOPIC_EVENTS, { topic });
  const ticks = new Recorder(connection.client, TICKS, { count: 1000, intervalMs: 100 });
  await until('ticking', () => ticks.results.length > 0);
  await until('both ended', () => events.ended && ticks.ended, 10_000);
  expect([events.errorCodes, ticks.errorCodes]).toEqual([['UNAUTHENTICATED'], ['UNAUTHENTICATED']]);
  expect(await connection.closed).toEqual({ code: 4401, reason: 'Access token expired' });
  // and the subgraph let them go
  await until('ended upstream', async () => {
    const { probeStats } = await admin.client.ok(PROBE_STATS, { topic });
    return probeStats.topicListeners === 0 && probeStats.activeTicks === 0;
  });
});
