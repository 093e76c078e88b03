import { Field, Int, ObjectType } from 'type-graphql';
import { PersonaRef } from '../stubs/persona.stub.js';

@ObjectType({ description: 'Messages users sent to one persona' })
export class PersonaActivity {
  @Field(() => PersonaRef, { nullable: true, description: 'null when the persona is gone or not visible to the caller' })
  persona!: PersonaRef | null;

  @Field(() => Int)
  messages!: number;
}

@ObjectType({ description: "One calendar day in the organization's time zone" })
export class DailyActivity {
  @Field({ description: 'YYYY-MM-DD' })
  date!: string;

  @Field(() => Int, { description: 'messages users sent (persona replies not counted)' })
  messages!: number;

  @Field(() => Int, { description: 'distinct users who did something that day (see docs/analytics.md)' })
  activeUsers!: number;
}

@ObjectType({ description: "An ISO week (Monday–Sunday) of one organization's activity" })
export class WeeklyReport {
  @Field({ description: "Monday, YYYY-MM-DD, in the organization's time zone" })
  weekStart!: string;

  @Field({ description: 'Sunday, YYYY-MM-DD (the week includes it)' })
  weekEnd!: string;

  @Field({ description: 'IANA time zone the days are counted in' })
  timeZone!: string;

  @Field(() => Date, { description: 'when these numbers were computed (stored reports keep their time)' })
  generatedAt!: Date;

  @Field(() => Int, { description: 'distinct students active during the week' })
  activeStudents!: number;

  @Field(() => Int)
  messagesSent!: number;

  @Field(() => Int)
  conversationsStarted!: number;

  @Field(() => Int, { description: 'sources whose first source_ready fell in the week' })
  knowledgeSourcesAdded!: number;

  @Field(() => [PersonaActivity], { description: 'up to 5 personas with the most messages' })
  topPersonas!: PersonaActivity[];

  @Field(() => [DailyActivity], { description: 'the 7 days, Monday first' })
  dailyActivity!: DailyActivity[];
}
