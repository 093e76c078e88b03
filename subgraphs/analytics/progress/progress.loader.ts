import DataLoader from 'dataloader';
import { Unauthenticated } from '../../../internal/errors.js';
import type { ProgressService } from './progress.service.js';

/** Progress of many students in one round of grouped queries (a members list asking each one's progress). */
export const createProgressLoader = (service: ProgressService, orgId: string | undefined) =>
  new DataLoader<string, Awaited<ReturnType<ProgressService['progressOf']>>[number]>(async (ids) => {
    if (!orgId) throw Unauthenticated();
    return service.progressOf(orgId, ids);
  });

/** Whether each id belongs to the caller's organization. */
export const createMemberLoader = (service: ProgressService, orgId: string | undefined) =>
  new DataLoader<string, boolean>(async (ids) => {
    if (!orgId) throw Unauthenticated();
    const members = await service.membersOf(orgId, ids);
    return ids.map((id) => members.has(id.toLowerCase()));
  });
