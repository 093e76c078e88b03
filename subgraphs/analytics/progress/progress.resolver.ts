import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { personaActivity } from '../report/weekly-report.resolver.js';
import type { AnalyticsContext } from '../context.js';
import { UserRef } from '../stubs/user.stub.js';
import { assertMayViewProgress } from './progress.access.js';
import type { ProgressData } from './progress.service.js';
import { StudentProgress } from './progress.type.js';

const toStudentProgress = ({ studentId, personas, ...numbers }: ProgressData): StudentProgress => ({
  ...numbers,
  student: { id: studentId },
  personas: personaActivity(personas),
});

async function progressFor(ctx: AnalyticsContext, studentId: string) {
  await assertMayViewProgress(ctx, studentId);
  return toStudentProgress(await ctx.loaders.progress.load(studentId));
}

@Resolver()
export class ProgressResolver {
  @Query(() => StudentProgress, { nullable: true, description: 'A STUDENT sees only their own; ADMIN and TEACHER anyone in their organization' })
  studentProgress(@Arg('studentId', () => ID) studentId: string, @Ctx() ctx: AnalyticsContext) {
    return progressFor(ctx, studentId);
  }
}

@Resolver(() => UserRef)
export class UserProgressResolver {
  @FieldResolver(() => StudentProgress, { nullable: true, description: 'Activity and trend (analytics); same access as studentProgress' })
  progress(@Root() user: UserRef, @Ctx() ctx: AnalyticsContext) {
    return progressFor(ctx, user.id);
  }
}
