import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { claimsOf } from '../../../internal/graphql/context.js';
import { Forbidden } from '../../../internal/errors.js';
import { Usage } from '../account/account.type.js';
import { toUsage } from '../account/account.view.js';
import { effectivePlan } from '../account/effective-plan.js';
import type { BillingContext } from '../context.js';
import { Plan, toPlan } from '../plan/plan.type.js';
import { Organization } from './organization.type.js';

/**
 * Organization.plan is public (a new user's Register, made without a
 * token, selects it; a plan is not sensitive). Organization.usage is only
 * for members of that organization.
 */
@Resolver(() => Organization)
export class OrganizationResolver {
  @FieldResolver(() => Plan, { description: "The organization's current plan (free when it never paid)" })
  async plan(@Root() org: Organization, @Ctx() ctx: BillingContext) {
    return toPlan(effectivePlan(await ctx.loaders.account.load(org.id)));
  }

  @FieldResolver(() => Usage, { nullable: true, description: 'Usage against the plan; members of the organization only' })
  async usage(@Root() org: Organization, @Ctx() ctx: BillingContext) {
    if (claimsOf(ctx).org !== org.id) throw Forbidden("Only members of an organization see its usage");
    const [account, used] = await Promise.all([ctx.loaders.account.load(org.id), ctx.loaders.usage.load(org.id)]);
    return toUsage(used, effectivePlan(account));
  }
}

/** Any Organization reference resolves to its key: plan is public, usage checks the caller itself. */
export const resolveOrganizationReference = (ref: { id: string }) => ({ id: ref.id });
