import { codes, registerAdmin, STRONG_PASSWORD, uniqueEmail } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { contractOperation } from './billing-helpers.js';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'billing'], workers: [] });
});
afterAll(async () => {
  await stack?.stop();
});

const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organization { id plan { id } usage { seatsUsed } } } }`;

describe('billing fields of identity’s Organization, through the gateway', () => {
  test("the contract's Register (anonymous) resolves the new organization's plan: free", async () => {
    const email = uniqueEmail('founder');
    const data = await stack.client().ok(contractOperation('Register'), { input: { name: 'Gabriel', email, password: STRONG_PASSWORD, orgName: 'GS Kigali' } });
    expect(data.register.user.organization).toMatchObject({ name: 'GS Kigali', plan: { id: 'free' } });
  });

  test("the contract's Me shows the plan and usage against its limits", async () => {
    const admin = await registerAdmin(stack.client());
    const { me } = await admin.client.ok(contractOperation('Me'));
    expect(me.organization).toEqual({
      id: admin.orgId,
      name: expect.any(String),
      plan: { id: 'free', name: 'Free' },
      usage: { messagesUsed: 0, messagesLimit: 100, storageBytesUsed: 0, storageBytesLimit: 100 * 1024 * 1024, seatsUsed: 1, seatsLimit: 5 },
    });
  });

  test("the contract's Plans lists the four plans with their limits and USD prices; RWF on request", async () => {
    const { plans } = await stack.client().ok(contractOperation('Plans'));
    expect(plans).toEqual([
      { id: 'free', name: 'Free', priceCents: 0, currency: 'USD', messagesPerMonth: 100, storageBytes: 104857600, seats: 5 },
      { id: 'basic', name: 'Basic', priceCents: 2900, currency: 'USD', messagesPerMonth: 1000, storageBytes: 1073741824, seats: 25 },
      { id: 'pro', name: 'Pro', priceCents: 9900, currency: 'USD', messagesPerMonth: 10000, storageBytes: 10737418240, seats: 100 },
      { id: 'enterprise', name: 'Enterprise', priceCents: 29900, currency: 'USD', messagesPerMonth: null, storageBytes: null, seats: null },
    ]);
    const rwf = (await stack.client().ok(`{ plans(currency: "rwf") { id priceCents currency } }`)).plans;
    expect(rwf.map((p: { priceCents: number }) => p.priceCents)).toEqual([0, 3_000_000, 10_000_000, 30_000_000]);
    expect(codes(await stack.client().request(`{ plans(currency: "EUR") { id } }`))).toEqual(['BAD_USER_INPUT']);
  });

  test("another organization's usage is refused on the billing subgraph itself; its plan is public", async () => {
    const a = await registerAdmin(stack.client());
    const b = await registerAdmin(stack.client());
    const res = await fetch(`${stack.url('billing')}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` },
      body: JSON.stringify({ query: ENTITIES, variables: { representations: [{ __typename: 'Organization', id: b.orgId }] } }),
    });
    const body = (await res.json()) as { data: { _entities: { plan: { id: string }; usage: unknown }[] }; errors: { extensions: { code: string } }[] };
    expect(body.data._entities[0]).toEqual({ id: b.orgId, plan: { id: 'free' }, usage: null });
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
  });

  test('billing status needs a signed-in user', async () => {
    expect(codes(await stack.client().request(contractOperation('BillingStatus')))).toEqual(['UNAUTHENTICATED']);
  });
});
