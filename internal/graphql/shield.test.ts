import { buildSchema, graphql, parse, subscribe, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Claims } from '../auth/claims.js';
import { createLogger } from '../logger.js';
import type { RequestContext } from './context.js';
import { allow, applyShield, hasRole, isAuthenticated, rule, type RuleTree } from './shield.js';

const SDL = /* GraphQL */ `
  type Query {
    me: User
    open: String
    unruled: String
    staffOnly: String
    slowCheck: String
    _service: Service
  }
  type Mutation {
    rename(name: String!): User
  }
  type Subscription {
    ticks: Int
  }
  type User {
    id: ID!
    name: String
  }
  type Service {
    sdl: String
  }
`;

const user = { id: 'u1', name: 'Ada' };

function schemaWith(rules: RuleTree): GraphQLSchema {
  const schema = buildSchema(SDL);
  const query = schema.getQueryType()!.getFields();
  query.me!.resolve = () => user;
  query.open!.resolve = () => 'open';
  query.unruled!.resolve = () => 'leaked';
  query.staffOnly!.resolve = () => 'staff';
  query.slowCheck!.resolve = () => 'slow';
  query._service!.resolve = () => ({ sdl: 'type Query' });
  const ticks = schema.getSubscriptionType()!.getFields().ticks!;
  ticks.subscribe = async function* () {
    yield { ticks: 1 };
    yield { ticks: 2 };
  };
  return applyShield(schema, rules);
}

const RULES: RuleTree = {
  Query: {
    me: isAuthenticated,
    open: allow,
    staffOnly: hasRole('ADMIN', 'TEACHER'),
    slowCheck: rule('slowCheck')(async (_parent, _args, ctx) => ctx.claims?.role === 'ADMIN'),
  },
  Mutation: { rename: hasRole('ADMIN') },
  Subscription: { ticks: isAuthenticated },
};

const claims = (role: Claims['role']): Claims => ({ sub: 'u1', org: 'o1', role, email: 'ada@example.org' });
const context = (c: Claims | null): RequestContext => ({ requestId: 'r', claims: c, token: null, clientIp: '127.0.0.1', log: createLogger('test', 'silent'), loaders: {} });

const run = (schema: GraphQLSchema, source: string, c: Claims | null) => graphql({ schema, source, contextValue: context(c) });
const codes = (result: ExecutionResult) => result.errors?.map((e) => e.extensions.code);

describe('applyShield', () => {
  const schema = schemaWith(RULES);

  test('a root field with no rule is denied', async () => {
    const result = await run(schema, '{ unruled }', claims('ADMIN'));
    expect(result.data).toEqual({ unruled: null });
    expect(codes(result)).toEqual(['FORBIDDEN']);
  });

  test('isAuthenticated: anonymous gets UNAUTHENTICATED, a signed-in caller the field and its objects', async () => {
    expect(codes(await run(schema, '{ me { id } }', null))).toEqual(['UNAUTHENTICATED']);
    expect((await run(schema, '{ me { id name } }', claims('STUDENT'))).data).toEqual({ me: { id: 'u1', name: 'Ada' } });
  });

  test('hasRole: the wrong role gets FORBIDDEN with the roles that may', async () => {
    const result = await run(schema, '{ staffOnly }', claims('STUDENT'));
    expect(codes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors![0]!.message).toBe('Requires role ADMIN or TEACHER');
    expect((await run(schema, '{ staffOnly }', claims('TEACHER'))).data).toEqual({ staffOnly: 'staff' });
  });

  test('an asynchronous rule answering false is FORBIDDEN', async () => {
    expect(codes(await run(schema, '{ slowCheck }', claims('TEACHER')))).toEqual(['FORBIDDEN']);
    expect((await run(schema, '{ slowCheck }', claims('ADMIN'))).data).toEqual({ slowCheck: 'slow' });
  });

  test('a denied field does not run: the mutation is not carried out', async () => {
    const rename = jest.fn((_parent: unknown, args: Record<string, unknown>) => ({ ...user, name: args.name }));
    const raw = buildSchema(SDL);
    raw.getMutationType()!.getFields().rename!.resolve = rename;
    const guarded = applyShield(raw, RULES);
    expect(codes(await run(guarded, 'mutation { rename(name: "Bo") { name } }', claims('TEACHER')))).toEqual(['FORBIDDEN']);
    expect(rename).not.toHaveBeenCalled();
    expect((await run(guarded, 'mutation { rename(name: "Bo") { name } }', claims('ADMIN'))).data).toEqual({ rename: { name: 'Bo' } });
    expect(rename).toHaveBeenCalledTimes(1);
  });

  test('allow and federation fields stay open, and object fields are left unwrapped', async () => {
    expect((await run(schema, '{ open _service { sdl } }', null)).data).toEqual({ open: 'open', _service: { sdl: 'type Query' } });
    const userFields = schema.getType('User') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    expect(userFields.getFields().name!.resolve).toBeUndefined();
  });

  test('a subscription checks its rule before it starts', async () => {
    const denied = (await subscribe({ schema, document: parse('subscription { ticks }'), contextValue: context(null) })) as ExecutionResult;
    expect(codes(denied)).toEqual(['UNAUTHENTICATED']);
    const events = (await subscribe({ schema, document: parse('subscription { ticks }'), contextValue: context(claims('STUDENT')) })) as AsyncIterable<ExecutionResult>;
    const seen: unknown[] = [];
    for await (const event of events) seen.push(event.data);
    expect(seen).toEqual([{ ticks: 1 }, { ticks: 2 }]);
  });

  test('rules naming a root field the schema lacks are refused at start-up', () => {
    expect(() => applyShield(buildSchema(SDL), { Query: { missing: allow } })).toThrow('Rules name Query fields the schema does not have: missing');
  });
});
