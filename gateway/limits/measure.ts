import {
  Kind,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface OperationMeasure {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
}

/** Page-size arguments whose value multiplies the cost of what is selected below them. */
const LIST_SIZE_ARGS = new Set(['first', 'last', 'limit']);
/** Assumed size of a list whose request does not bound it. */
const DEFAULT_LIST_SIZE = 10;

function intValue(node: ValueNode, variables: Record<string, unknown>): number | null {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const value = variables[node.name.value];
    return typeof value === 'number' ? value : null;
  }
  return null;
}

/**
 * Walks an operation (fragments expanded, each at most once per path) and
 * measures depth, aliases, directives and a cost: 1 per scalar, 2 per
 * object, multiplied by the page size of every enclosing paginated field.
 * Introspection fields (`__schema`, `__type`) are free.
 */
export function measureOperation(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): OperationMeasure {
  const result: OperationMeasure = { depth: 0, aliases: 0, directives: operation.directives?.length ?? 0, cost: 0 };

  const walk = (set: SelectionSetNode, depth: number, multiplier: number, seen: Set<string>): void => {
    for (const selection of set.selections) {
      result.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        if (selection.alias) result.aliases += 1;
        result.depth = Math.max(result.depth, depth);
        const isObject = Boolean(selection.selectionSet);
        result.cost += (isObject ? 2 : 1) * multiplier;
        if (selection.selectionSet) {
          const sizeArg = selection.arguments?.find((arg) => LIST_SIZE_ARGS.has(arg.name.value));
          const size = sizeArg ? (intValue(sizeArg.value, variables) ?? DEFAULT_LIST_SIZE) : 1;
          walk(selection.selectionSet, depth + 1, multiplier * Math.max(size, 1), seen);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, depth, multiplier, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || seen.has(name)) continue;
        walk(fragment.selectionSet, depth, multiplier, new Set(seen).add(name));
      }
    }
  };
  walk(operation.selectionSet, 1, 1, new Set());
  return result;
}
