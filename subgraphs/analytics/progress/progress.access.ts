import { Forbidden, NotFound } from '../../../internal/errors.js';
import { claimsOf } from '../../../internal/graphql/context.js';
import type { AnalyticsContext } from '../context.js';

/**
 * Students see only themselves; teachers and admins anyone of their
 * organization. A member of another organization is NOT_FOUND, so ids of
 * other schools cannot be probed.
 */
export async function assertMayViewProgress(ctx: AnalyticsContext, studentId: string): Promise<void> {
  const claims = claimsOf(ctx);
  if (claims.role === 'STUDENT') {
    if (studentId.toLowerCase() !== claims.sub.toLowerCase()) throw Forbidden('Students can see only their own progress');
    return;
  }
  if (!(await ctx.loaders.member.load(studentId))) throw NotFound('Student');
}
