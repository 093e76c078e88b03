import type { RequestContext } from '../../internal/graphql/context.js';
import type { createMemberLoader, createProgressLoader } from './progress/progress.loader.js';

export interface AnalyticsLoaders {
  progress: ReturnType<typeof createProgressLoader>;
  member: ReturnType<typeof createMemberLoader>;
}

export type AnalyticsContext = RequestContext<AnalyticsLoaders>;
