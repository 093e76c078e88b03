import { Supergraph, type Subgraph } from '@apollo/federation-internals';
import {
  GraphQLError,
  Kind,
  NoUnusedFragmentsRule,
  print,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode } from '../../internal/errors.js';
import { SUBSCRIPTION_RULES } from '../../internal/graphql/validation.js';

/** Where one subscription goes, and the document sent there. */
export interface SubscriptionRoute {
  subgraph: string;
  /** the operation and only the fragments it uses, printed */
  query: string;
}

interface OwningSubgraph {
  name: string;
  schema: GraphQLSchema;
  /** `Type.field` coordinates the subgraph marks @external: it cannot resolve them itself */
  external: Set<string>;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return fragments;
}

/** The operation with exactly the fragments it (transitively) spreads: what the subgraph validates and runs. */
export function operationDocument(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  const all = fragmentsOf(document);
  const used = new Map<string, FragmentDefinitionNode>();
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = all.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          collect(fragment);
        }
      },
    });
  collect(operation);
  return { kind: Kind.DOCUMENT, definitions: [operation, ...used.values()] };
}

/** The single root field of a (validated) subscription, looking through fragments. */
function rootField(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): string | undefined {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) return selection.name.value;
    const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
    const found = inner && rootField(inner, fragments);
    if (found) return found;
  }
  return undefined;
}

function externalFields(subgraph: Subgraph): Set<string> {
  const metadata = subgraph.metadata();
  const external = new Set<string>();
  for (const type of subgraph.schema.types()) {
    if (type.kind !== 'ObjectType' && type.kind !== 'InterfaceType') continue;
    for (const field of type.fields()) if (metadata.isFieldExternal(field)) external.add(field.coordinate);
  }
  return external;
}

// an extracted subgraph names federation directives with or without the spec prefix
const isProvides = (field: { astNode?: { directives?: readonly { name: { value: string } }[] } | null } | null | undefined) =>
  Boolean(field?.astNode?.directives?.some((d) => d.name.value === 'provides' || d.name.value === 'federation__provides'));

/** Fields selected that the subgraph holds only as @external (outside a @provides of their parent). */
function externalSelections(owner: OwningSubgraph, document: DocumentNode): string[] {
  if (owner.external.size === 0) return [];
  const typeInfo = new TypeInfo(owner.schema);
  const found: string[] = [];
  let providedDepth = 0;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter() {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          const coordinate = parent && field ? `${parent.name}.${field.name}` : '';
          if (providedDepth === 0 && owner.external.has(coordinate)) found.push(coordinate);
          if (isProvides(field)) providedDepth += 1;
        },
        leave() {
          if (isProvides(typeInfo.getFieldDef())) providedDepth -= 1;
        },
      },
    }),
  );
  return found;
}

// what the subgraph itself validates with (internal/server/subscriptions.ts), less unused fragments: the
// forwarded document keeps only the ones used
const rulesForSubgraph = SUBSCRIPTION_RULES.filter((rule) => rule !== NoUnusedFragmentsRule);

/**
 * Routes subscriptions by the supergraph's join directives: each root
 * Subscription field belongs to the subgraph that defines it. A
 * subscription is forwarded whole to that one subgraph, so its events can
 * only hold that subgraph's fields: anything else is refused when the
 * client subscribes, with a message that says which subgraph and which field.
 */
export class SubscriptionRouter {
  readonly apiSchema: GraphQLSchema;
  private readonly owners = new Map<string, OwningSubgraph>();
  /** each subgraph's routing URL as the supergraph states it */
  readonly routingUrls: ReadonlyMap<string, string>;

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.apiSchema = supergraph.apiSchema().toGraphQLJSSchema();
    this.routingUrls = new Map(supergraph.subgraphsMetadata().map((s) => [s.name, s.url]));
    for (const subgraph of supergraph.subgraphs()) {
      const root = subgraph.schema.schemaDefinition.root('subscription')?.type;
      if (!root) continue;
      const owner = { name: subgraph.name, schema: subgraph.schema.toGraphQLJSSchema(), external: externalFields(subgraph) };
      for (const field of root.fields()) if (!this.owners.has(field.name)) this.owners.set(field.name, owner);
    }
  }

  /** The subgraph serving each subscription root field (for logs and tests). */
  ownerOf(field: string): string | undefined {
    return this.owners.get(field)?.name;
  }

  /** Route for a subscription already valid against the API schema, or the errors explaining why that subgraph cannot serve it. */
  route(document: DocumentNode, operation: OperationDefinitionNode): SubscriptionRoute | GraphQLError[] {
    const field = rootField(operation.selectionSet, fragmentsOf(document));
    const owner = field ? this.owners.get(field) : undefined;
    if (!field || !owner) return [new GraphQLError(`No subgraph serves the subscription field ${field ?? '(none)'}`, { extensions: { code: ErrorCode.BAD_USER_INPUT } })];
    const forwarded = operationDocument(document, operation);
    const problems = [
      ...validate(owner.schema, forwarded, rulesForSubgraph).map((e) => e.message),
      ...externalSelections(owner, forwarded).map((coordinate) => `Field ${coordinate} is not resolved by ${owner.name}.`),
    ];
    if (problems.length === 0) return { subgraph: owner.name, query: print(forwarded) };
    return problems.map(
      (problem) =>
        new GraphQLError(
          `Subscription field "${field}" is served by the ${owner.name} subgraph, and its events can only hold that subgraph's fields: ${problem} ` +
            'Select only those fields, and fetch the rest with a query.',
          { extensions: { code: ErrorCode.BAD_USER_INPUT, subgraph: owner.name } },
        ),
    );
  }
}
