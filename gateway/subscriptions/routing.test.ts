import { composeServices } from '@apollo/composition';
import { getOperationAST, parse, type GraphQLError } from 'graphql';
import { SubscriptionRouter, type SubscriptionRoute } from './routing.js';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@provides", "@shareable"])';

// "alerts" owns the subscriptions and holds a stub of "people"'s User, whose name it can only provide on one path
const alerts = `${LINK}
  type Query { alert(id: ID!): Alert }
  type Subscription { alerts: Alert }
  type Alert { id: ID! user: User watcher: User @provides(fields: "name") }
  type User @key(fields: "id") { id: ID! name: String @external }`;
const people = `${LINK}
  type Query { me: User }
  type User @key(fields: "id") { id: ID! name: String @shareable email: String }`;

function router(): SubscriptionRouter {
  const composed = composeServices([
    { name: 'alerts', url: 'http://alerts/graphql', typeDefs: parse(alerts) },
    { name: 'people', url: 'http://people/graphql', typeDefs: parse(people) },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  return new SubscriptionRouter(composed.supergraphSdl);
}

const r = router();
const route = (query: string, operationName?: string) => {
  const document = parse(query);
  return r.route(document, getOperationAST(document, operationName)!);
};
const messages = (result: SubscriptionRoute | GraphQLError[]) => (Array.isArray(result) ? result.map((e) => e.message) : []);

test('each subscription root field belongs to the subgraph that defines it, at its routing URL', () => {
  expect(r.ownerOf('alerts')).toBe('alerts');
  expect(r.routingUrls.get('alerts')).toBe('http://alerts/graphql');
  expect(route('subscription { alerts { id user { id } } }')).toMatchObject({ subgraph: 'alerts' });
});

test('a field only another subgraph resolves is refused, naming the subgraph and the field', () => {
  const result = route('subscription { alerts { id user { email } } }');
  expect(messages(result)).toEqual([expect.stringMatching(/served by the alerts subgraph.*Cannot query field "email" on type "User"/)]);
  expect((result as GraphQLError[])[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', subgraph: 'alerts' });
});

test('an @external field is refused, except where the subgraph @provides it', () => {
  expect(messages(route('subscription { alerts { user { name } } }'))).toEqual([expect.stringMatching(/User\.name is not resolved by alerts/)]);
  expect(route('subscription { alerts { watcher { id name } } }')).toMatchObject({ subgraph: 'alerts' });
});

test('the forwarded document holds the operation and only the fragments it uses', () => {
  const result = route(
    `query Other { me { email } }
     subscription Watch { ...Root }
     fragment Root on Subscription { alerts { ...AlertFields } }
     fragment AlertFields on Alert { id }
     fragment Unused on User { email }`,
    'Watch',
  ) as SubscriptionRoute;
  expect(result.subgraph).toBe('alerts');
  expect(result.query).toMatch(/subscription Watch/);
  expect(result.query).toMatch(/fragment Root/);
  expect(result.query).toMatch(/fragment AlertFields/);
  expect(result.query).not.toMatch(/Unused|query Other|email/);
});
