import { applyMiddleware } from 'graphql-middleware';
import { allow, and, deny, rule, shield, type IRules } from 'graphql-shield';
import { isObjectType, type GraphQLSchema } from 'graphql';
import type { RoleName } from '../auth/claims.js';
import { Forbidden, Unauthenticated } from '../errors.js';
import type { RequestContext } from './context.js';

export { allow, deny, and, or, not, rule } from 'graphql-shield';

export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: RequestContext) =>
  ctx.claims ? true : Unauthenticated(),
);

export const hasRole = (...roles: RoleName[]) =>
  rule(`hasRole:${roles.join(',')}`, { cache: 'contextual' })((_parent, _args, ctx: RequestContext) => {
    if (!ctx.claims) return Unauthenticated();
    return roles.includes(ctx.claims.role) ? true : Forbidden(`Requires role ${roles.join(' or ')}`);
  });

/** A shield rule (rule, allow, deny, and/or/not of rules). */
export type Rule = typeof allow | typeof deny | ReturnType<ReturnType<typeof rule>> | ReturnType<typeof and>;
export type RuleTree = Record<string, Rule | Record<string, Rule>>;

const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);
const FEDERATION_ALLOWED: RuleTree = {
  Query: { _service: allow, _entities: allow },
  _Service: allow,
};

/**
 * Deny by default for every root field that has no rule; object fields are
 * allowed unless a rule says otherwise (their parent field was checked).
 * Federation's own fields stay open or composition and entity calls break.
 */
export function applyShield(schema: GraphQLSchema, rules: RuleTree): GraphQLSchema {
  const tree: RuleTree = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const given = rules[type.name] ?? FEDERATION_ALLOWED[type.name];
    if (!ROOTS.has(type.name)) {
      tree[type.name] = given ?? allow;
      continue;
    }
    const fieldRules: Record<string, Rule> = {};
    for (const field of Object.keys(type.getFields())) {
      const fromRules = (given as Record<string, Rule> | undefined)?.[field];
      const federation = (FEDERATION_ALLOWED[type.name] as Record<string, Rule> | undefined)?.[field];
      fieldRules[field] = fromRules ?? federation ?? deny;
    }
    tree[type.name] = fieldRules;
  }
  const middleware = shield(tree as IRules, {
    fallbackRule: deny,
    fallbackError: Forbidden(),
    allowExternalErrors: true,
    debug: false,
  });
  return applyMiddleware(schema, middleware);
}
