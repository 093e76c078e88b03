import { Stack } from '../support/stack.js';
import { codes, registerAdmin } from '../support/client.js';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity'], workers: [], gatewayEnv: { MAX_DEPTH: '4', MAX_COST: '300', MAX_BODY_BYTES: '20000' } });
});
afterAll(() => stack?.stop());

describe('query limits', () => {
  test('an operation deeper than MAX_DEPTH is refused before any subgraph runs', async () => {
    const admin = await registerAdmin(stack.client());
    const ok = await admin.client.request('{ me { organization { id } } }');
    expect(ok.errors).toBeUndefined();
    const deep = await admin.client.request('{ members { edges { node { organization { id } } } } }');
    expect(codes(deep)).toEqual(['BAD_USER_INPUT']);
    expect(deep.errors![0]!.extensions).toMatchObject({ limit: 'depth', max: 4, actual: 5 });
  });

  test('an alias bomb is refused', async () => {
    const admin = await registerAdmin(stack.client());
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ');
    const res = await admin.client.request(`{ ${aliases} }`);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions).toMatchObject({ limit: 'aliases', max: 15 });
  });

  test('cost counts page sizes, including from variables', async () => {
    const admin = await registerAdmin(stack.client());
    const query = 'query($n: Int) { members(first: $n) { edges { node { id email } } } }';
    expect((await admin.client.request(query, { n: 5 })).errors).toBeUndefined();
    const res = await admin.client.request(query, { n: 100 });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost' });
  });

  test('a document with too many tokens is refused at parse time', async () => {
    const fields = Array.from({ length: 2500 }, () => 'id').join(' ');
    const res = await stack.client().request(`{ me { ${fields} } }`);
    expect(codes(res)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  test('an oversized body gets 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await stack.client().request('{ me { id } }', { padding: 'x'.repeat(30_000) });
    expect([res.status, codes(res)]).toEqual([413, ['PAYLOAD_TOO_LARGE']]);
  });
});

describe('transport', () => {
  test('CSRF prevention: a simple (text/plain) POST is refused', async () => {
    const res = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF|preflight/i);
  });

  test('the Explorer landing page is served in development', async () => {
    const res = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/apollo/i);
  });

  test('every process answers /health, /ready and /metrics', async () => {
    for (const base of [stack.gatewayUrl.replace(/\/graphql$/, ''), stack.url('identity')]) {
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/http_request_duration_seconds_bucket/);
      expect(metrics).toMatch(/process_resident_memory_bytes/);
    }
  });

  test('the request id is returned and passed to the subgraph', async () => {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-123' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('trace-me-123');
  });
});

describe('failures', () => {
  test('a subgraph that is down yields a masked error without internals', async () => {
    const own = await Stack.start({ subgraphs: ['identity'], workers: [] });
    try {
      const admin = await registerAdmin(own.client());
      await own.kill('identity');
      const res = await admin.client.withToken(undefined).request('mutation { logout(refreshToken: "x") }');
      const text = JSON.stringify(res.errors);
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack|at .*\.js/);
    } finally {
      await own.stop();
    }
  });

  test('per-IP rate limit answers 429 RATE_LIMITED with Retry-After', async () => {
    const own = await Stack.start({ subgraphs: ['identity'], workers: [], gatewayEnv: { RATE_LIMIT_PER_IP: '5' } });
    try {
      const results = [];
      for (let i = 0; i < 7; i++) results.push(await own.client().request('{ __typename }'));
      expect(results.slice(0, 5).every((r) => r.status === 200)).toBe(true);
      const refused = results[6]!;
      expect([refused.status, codes(refused)]).toEqual([429, ['RATE_LIMITED']]);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await own.stop();
    }
  });
});
