import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PersonaActivity } from '../report/weekly-report.type.js';
import { UserRef } from '../stubs/user.stub.js';
import { Trend } from './progress.rules.js';

registerEnumType(Trend, {
  name: 'ActivityTrend',
  description: 'Messages in the last 7 days against the 7 before: a change of at least 3 messages and 20% (docs/analytics.md)',
});

@ObjectType({ description: "One student's activity, all time unless a field says otherwise" })
export class StudentProgress {
  @Field(() => UserRef, { nullable: true, description: 'the student (name comes from identity)' })
  student!: UserRef | null;

  @Field(() => Int)
  messagesSent!: number;

  @Field(() => Int, { description: 'conversations the student started' })
  conversations!: number;

  @Field(() => Int, { description: "distinct days (organization's time zone) with activity" })
  activeDays!: number;

  @Field(() => Date, { nullable: true })
  lastActiveAt!: Date | null;

  @Field(() => Int, { description: '0..100 over the last 28 days: 50 × days/12 + 30 × messages/40 + 20 × conversations/8, each capped at 1' })
  engagementScore!: number;

  @Field(() => Trend)
  trend!: Trend;

  @Field(() => [PersonaActivity], { description: 'messages per persona, most first' })
  personas!: PersonaActivity[];
}
