import { loaderById } from '../../../internal/graphql/loaders.js';
import type { UserService } from './user.service.js';

export const createUserLoader = (service: UserService) => loaderById((ids) => service.findByIds(ids));
