import { Kind, parse, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { presentSubgraphs } from '../../scripts/compose.js';
import { apiSchema, contractSections, OPERATION_NEEDS, SECTION_OWNER } from './contract.js';

const present = new Set(presentSubgraphs());
const schema = apiSchema();
const sections = contractSections().filter((s) => s.name in SECTION_OWNER);

test('the contract has every section this test knows', () => {
  expect(sections.map((s) => s.name).sort()).toEqual(Object.keys(SECTION_OWNER).sort());
});

const operations = sections.flatMap(({ name, source }) =>
  parse(source)
    .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({ section: name, name: operation.name!.value, operation })),
);

describe.each(operations)('contract $section: $name', ({ section, name, operation }) => {
  const needs = [SECTION_OWNER[section]!, ...(OPERATION_NEEDS[name] ?? [])];
  const missing = needs.filter((s) => !present.has(s));
  // visibly skipped until every subgraph the operation touches has landed
  const check = missing.length ? test.skip : test;
  check(`validates against the supergraph${missing.length ? ` (waiting for ${missing.join(', ')})` : ''}`, () => {
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation] };
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  });
});
