import { Kind, parse, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { SUBSCRIPTION_RULES } from '../../internal/graphql/validation.js';
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
    // subscriptions are validated by the gateway and subgraphs with SUBSCRIPTION_RULES (internal/graphql/validation.ts)
    const rules = operation.operation === 'subscription' ? SUBSCRIPTION_RULES : undefined;
    expect(validate(schema, document, rules).map((e) => e.message)).toEqual([]);
  });
});

const messageStream = operations.find((o) => o.name === 'MessageStream');
(messageStream && present.has('conversation') ? test : test.skip)(
  "MessageStream's only departure from graphql-js's stock rules is `message` on two different union members",
  () => {
    const errors = validate(schema, { kind: Kind.DOCUMENT, definitions: [messageStream!.operation] }).map((e) => e.message);
    expect(errors).toEqual([expect.stringMatching(/^Fields "message" conflict because they return conflicting types "Message!" and "String!"/)]);
  },
);
