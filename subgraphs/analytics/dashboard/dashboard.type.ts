import { Field, Int, ObjectType } from 'type-graphql';
import { DailyActivity } from '../report/weekly-report.type.js';

@ObjectType({ description: 'All-time counts of the organization (docs/analytics.md says how each is derived)' })
export class DashboardTotals {
  @Field(() => Int, { description: 'members registered' })
  users!: number;

  @Field(() => Int, { description: 'personas created and not deleted' })
  personas!: number;

  @Field(() => Int, { description: 'sources that became ready and were not deleted' })
  knowledgeSources!: number;

  @Field(() => Int, { description: 'messages users sent' })
  messages!: number;
}

@ObjectType()
export class Dashboard {
  @Field(() => DashboardTotals)
  totals!: DashboardTotals;

  @Field(() => [DailyActivity], { description: 'the last 7 days, today last' })
  last7Days!: DailyActivity[];
}
