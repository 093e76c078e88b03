import type { RequestContext } from '../../internal/graphql/context.js';
import type { createOrganizationLoader } from './organization/organization.loader.js';
import type { createUserLoader } from './user/user.loader.js';

export interface IdentityLoaders {
  user: ReturnType<typeof createUserLoader>;
  organization: ReturnType<typeof createOrganizationLoader>;
}

export type IdentityContext = RequestContext<IdentityLoaders>;
