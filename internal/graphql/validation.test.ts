import { buildSchema, parse, validate } from 'graphql';
import { SUBSCRIPTION_RULES } from './validation.js';

const schema = buildSchema(`
  type Msg { id: ID! }
  type Done { message: Msg! id: ID! }
  type Failed { message: String! id: ID! }
  union Event = Done | Failed
  interface Node { id: ID! }
  type Query { event: Event node: Node }
`);

test('same-named fields of different object types in a union may differ in shape', () => {
  const doc = parse('{ event { ... on Done { message { id } } ... on Failed { message } } }');
  expect(validate(schema, doc).length).toBeGreaterThan(0); // the stock rule refuses it
  expect(validate(schema, doc, SUBSCRIPTION_RULES)).toEqual([]);
});

test('every other overlap is still refused', () => {
  const sameType = parse('{ event { ... on Done { message { id } } ... on Done { message: id } } }');
  expect(validate(schema, sameType, SUBSCRIPTION_RULES).map((e) => e.message)).toEqual([
    expect.stringMatching(/Fields "message" conflict because "message" and "id" are different fields/),
  ]);
});
