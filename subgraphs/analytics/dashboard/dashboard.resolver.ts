import { Ctx, Query, Resolver } from 'type-graphql';
import { claimsOf } from '../../../internal/graphql/context.js';
import type { AnalyticsContext } from '../context.js';
import type { DashboardService } from './dashboard.service.js';
import { Dashboard } from './dashboard.type.js';

@Resolver(() => Dashboard)
export class DashboardResolver {
  constructor(private readonly dashboards: DashboardService) {}

  @Query(() => Dashboard, { nullable: true, description: "The caller's organization at a glance (ADMIN, TEACHER)" })
  dashboard(@Ctx() ctx: AnalyticsContext) {
    return this.dashboards.dashboard(claimsOf(ctx).org);
  }
}
