import { loaderById } from '../../../internal/graphql/loaders.js';
import type { OrganizationService } from './organization.service.js';

export const createOrganizationLoader = (service: OrganizationService) => loaderById((ids) => service.findByIds(ids));
