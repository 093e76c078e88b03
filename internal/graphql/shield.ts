import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { RoleName } from '../auth/claims.js';
import { Forbidden, Unauthenticated } from '../errors.js';
import type { RequestContext } from './context.js';

/** true lets the field run; false is FORBIDDEN; an Error (UNAUTHENTICATED, FORBIDDEN with a reason) is the answer. */
export type Verdict = boolean | Error;
type Check = (parent: unknown, args: Record<string, unknown>, ctx: RequestContext) => Verdict | Promise<Verdict>;

/** Who may call a root field. `allow` leaves the field untouched. */
export interface Rule {
  readonly name: string;
  readonly check: Check | null;
}

export type RuleTree = Partial<Record<'Query' | 'Mutation' | 'Subscription', Record<string, Rule>>>;

export const allow: Rule = { name: 'allow', check: null };
export const deny: Rule = { name: 'deny', check: () => false };

/** A named rule from a check (the name shows in errors about the rule tree). */
export const rule =
  (name: string) =>
  <C extends RequestContext>(check: (parent: unknown, args: Record<string, unknown>, ctx: C) => Verdict | Promise<Verdict>): Rule => ({
    name,
    check: check as Check,
  });

export const isAuthenticated = rule('isAuthenticated')((_parent, _args, ctx) => (ctx.claims ? true : Unauthenticated()));

export const hasRole = (...roles: RoleName[]) =>
  rule(`hasRole:${roles.join(',')}`)((_parent, _args, ctx) => {
    if (!ctx.claims) return Unauthenticated();
    return roles.includes(ctx.claims.role) ? true : Forbidden(`Requires role ${roles.join(' or ')}`);
  });

const ROOTS = ['Query', 'Mutation', 'Subscription'] as const;
/** Federation's own root fields stay open, or composition and entity calls break. */
const FEDERATION_ALLOWED: Record<string, Rule> = { _service: allow, _entities: allow };

function enforce(verdict: Verdict): void {
  if (verdict === true) return;
  throw verdict instanceof Error ? verdict : Forbidden();
}

/** Runs the rule, then the field (both `resolve` and a subscription's `subscribe`). */
function guard<F extends GraphQLFieldResolver<unknown, RequestContext>>(check: Check, run: F): F {
  const guarded: GraphQLFieldResolver<unknown, RequestContext> = (parent, args, ctx, info) => {
    const verdict = check(parent, args, ctx);
    if (verdict instanceof Promise) return verdict.then((v) => (enforce(v), run(parent, args, ctx, info)));
    enforce(verdict);
    return run(parent, args, ctx, info);
  };
  return guarded as F;
}

/**
 * Authorization at the door: every root field (Query, Mutation,
 * Subscription) runs its rule first and is denied when it has none; object
 * fields below are not checked, since their root field was. Only the guarded
 * root fields are wrapped, so answering a list of objects costs nothing per
 * field (graphql-shield, used before, wrapped every field of every type in
 * async middleware: ~0.9 ms of CPU per searchKnowledge of 10 hits, measured
 * with bench:ingest). A rule naming a root field the schema lacks is a
 * mistake, refused at start-up. Changes the schema's fields in place.
 */
export function applyShield(schema: GraphQLSchema, rules: RuleTree): GraphQLSchema {
  for (const root of ROOTS) {
    const type = schema.getType(root);
    const given = rules[root] ?? {};
    const fields = isObjectType(type) ? type.getFields() : {};
    const unknown = Object.keys(given).filter((name) => !fields[name]);
    if (unknown.length) throw new Error(`Rules name ${root} fields the schema does not have: ${unknown.join(', ')}`);
    for (const field of Object.values(fields)) {
      const { check } = given[field.name] ?? (root === 'Query' ? FEDERATION_ALLOWED[field.name] : undefined) ?? deny;
      if (!check) continue;
      field.resolve = guard(check, field.resolve ?? defaultFieldResolver);
      if (field.subscribe) field.subscribe = guard(check, field.subscribe);
    }
  }
  return schema;
}
