import {
  isObjectType,
  OverlappingFieldsCanBeMergedRule,
  specifiedRules,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/** The composite type each field of a document is selected on. */
function parentTypes(schema: GraphQLSchema, document: DocumentNode): Map<ASTNode, GraphQLNamedType> {
  const typeInfo = new TypeInfo(schema);
  const parents = new Map<ASTNode, GraphQLNamedType>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent) parents.set(node, parent);
      },
    }),
  );
  return parents;
}

/**
 * OverlappingFieldsCanBeMerged, except for same-named fields on two
 * DIFFERENT object types of a union (e.g. `message` on MessageDoneEvent, an
 * object, and on MessageErrorEvent, a string). A response object is only
 * ever one of them, so nothing is ambiguous; graphql-js still refuses the
 * pair, and the client contract's MessageStream selects exactly that. Every
 * other overlap is still an error.
 */
export const ExclusiveTypesOverlapRule: ValidationRule = (context: ValidationContext) => {
  const parents = parentTypes(context.getSchema(), context.getDocument());
  const report = (error: GraphQLError) => {
    const [a, b] = error.nodes ?? [];
    const pa = a && parents.get(a);
    const pb = b && parents.get(b);
    if (pa && pb && pa !== pb && isObjectType(pa) && isObjectType(pb)) return;
    context.reportError(error);
  };
  const proxied = new Proxy(context, {
    get(target, property) {
      if (property === 'reportError') return report;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return OverlappingFieldsCanBeMergedRule(proxied);
};

/** graphql-js's rules with the overlap rule relaxed as above: used to validate subscriptions. */
export const SUBSCRIPTION_RULES: readonly ValidationRule[] = specifiedRules.map((rule) =>
  rule === OverlappingFieldsCanBeMergedRule ? ExclusiveTypesOverlapRule : rule,
);
