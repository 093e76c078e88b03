import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { measureOperation } from './measure.js';

function measure(source: string, variables: Record<string, unknown> = {}) {
  const doc = parse(source);
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return measureOperation(operation, fragments, variables);
}

test('depth counts nested fields, through fragments and inline fragments', () => {
  expect(measure('{ a }').depth).toBe(1);
  expect(measure('{ a { b { c } } }').depth).toBe(3);
  expect(measure('{ a { ...F } } fragment F on A { b { ... on B { c { d } } } }').depth).toBe(4);
});

test('introspection fields are free', () => {
  expect(measure('{ __schema { types { name fields { name type { name ofType { name } } } } } }')).toEqual({ depth: 0, aliases: 0, directives: 0, cost: 0 });
});

test('aliases and directives are counted', () => {
  const m = measure('query Q @x { a: me { id } b: me { id @skip(if: true) } }');
  expect([m.aliases, m.directives]).toEqual([2, 2]);
});

test('cost multiplies by page sizes, from literals or variables, with a default for unbounded lists', () => {
  expect(measure('{ me { id name } }').cost).toBe(2 + 1 + 1);
  expect(measure('{ members(first: 10) { edges { node { id } } } }').cost).toBe(2 + 10 * (2 + 2 + 1));
  expect(measure('query($n: Int) { members(first: $n) { edges { id } } }', { n: 50 }).cost).toBe(2 + 50 * (2 + 1));
  expect(measure('query($n: Int) { members(first: $n) { edges { id } } }').cost).toBe(2 + 10 * (2 + 1));
});

test('a fragment cycle does not loop forever', () => {
  const m = measure('{ a { ...F } } fragment F on A { b { ...F } }');
  expect(m.depth).toBeGreaterThan(0);
});
