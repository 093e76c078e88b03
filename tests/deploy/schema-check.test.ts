import { existsSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { apiSchemaOf, compareSupergraphs } from '../../scripts/schema-check.js';
import { ROOT, readText } from './manifests.js';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

/** A supergraph composed from test subgraphs, as `npm run compose` does. */
function supergraph(subgraphs: Record<string, string>): string {
  const result = composeServices(
    Object.entries(subgraphs).map(([name, sdl]) => ({ name, url: `http://${name}:4000/graphql`, typeDefs: parse(`${LINK}\n${sdl}`) })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

const users = `
  type User @key(fields: "id") { id: ID! name: String! email: String }
  enum Role { ADMIN TEACHER STUDENT }
  input UserFilter { role: Role }
  type Query { user(id: ID!): User users(filter: UserFilter, first: Int): [User!]! }
`;
const notes = `
  type User @key(fields: "id") { id: ID! notes: [String!]! }
  type Query { noteCount: Int }
`;
const base = supergraph({ users, notes });
const types = (changes: { type: string }[]) => changes.map((c) => c.type);

test('the API schema drops federation and join machinery but keeps every client field', () => {
  const api = apiSchemaOf(base);
  expect(api.getDirective('join__field')).toBeUndefined();
  expect(api.getType('join__Graph')).toBeUndefined();
  expect(api.getQueryType()!.getFields()._entities).toBeUndefined();
  expect(Object.keys((api.getType('User') as any).getFields()).sort()).toEqual(['email', 'id', 'name', 'notes']);
});

test('adding a field, a type or an optional argument passes', () => {
  const next = supergraph({
    users: users.replace('email: String }', 'email: String avatarUrl: String }').replace('first: Int)', 'first: Int, after: String)'),
    notes: `${notes} type Note { text: String! }`,
  });
  expect(compareSupergraphs(base, next).breaking).toEqual([]);
});

test('removing a field fails, also when it belonged to another subgraph', () => {
  const withoutEmail = supergraph({ users: users.replace('email: String', ''), notes });
  expect(types(compareSupergraphs(base, withoutEmail).breaking)).toEqual(['FIELD_REMOVED']);
  const withoutNotes = supergraph({ users, notes: 'type Query { noteCount: Int }' });
  expect(compareSupergraphs(base, withoutNotes).breaking.map((c) => c.description)).toEqual(['User.notes was removed.']);
});

test('retyping a field, making an argument required, removing an enum value or loosening an output fails', () => {
  const next = supergraph({
    users: users
      .replace('name: String!', 'name: Int!')
      .replace('first: Int)', 'first: Int!)')
      .replace('STUDENT', ''),
    notes: notes.replace('notes: [String!]!', 'notes: [String]!'),
  });
  expect(types(compareSupergraphs(base, next).breaking).sort()).toEqual(
    ['ARG_CHANGED_KIND', 'FIELD_CHANGED_KIND', 'FIELD_CHANGED_KIND', 'VALUE_REMOVED_FROM_ENUM'].sort(),
  );
});

test('adding a required argument or a required input field fails', () => {
  const next = supergraph({ users: users.replace('user(id: ID!)', 'user(id: ID!, org: ID!)').replace('role: Role }', 'role: Role org: ID! }'), notes });
  expect(types(compareSupergraphs(base, next).breaking).sort()).toEqual(['REQUIRED_ARG_ADDED', 'REQUIRED_INPUT_FIELD_ADDED']);
});

test('a supergraph that is not one (bad SDL) is refused, not compared', () => {
  expect(() => compareSupergraphs(base, 'type Query { a: String }')).toThrow();
});

test('rover.yaml pins the federation version of the installed @apollo/composition and names existing subgraph schemas', () => {
  const rover = parseYaml(readText('rover.yaml')) as { federation_version: string; subgraphs: Record<string, { routing_url: string; schema: { file: string } }> };
  const installed = (JSON.parse(readText('node_modules/@apollo/composition/package.json')) as { version: string }).version;
  expect(rover.federation_version).toBe(`=${installed}`);
  for (const [name, subgraph] of Object.entries(rover.subgraphs)) {
    expect(subgraph.schema.file).toBe(`./subgraphs/${name}/schema.graphql`);
    expect(existsSync(path.join(ROOT, subgraph.schema.file))).toBe(true);
    expect(new URL(subgraph.routing_url).pathname).toBe('/graphql');
  }
});
