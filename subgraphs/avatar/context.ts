import type { RequestContext } from '../../internal/graphql/context.js';
import type { createCurrentModelLoader } from './avatar/avatar.loader.js';

export interface AvatarLoaders {
  currentModel: ReturnType<typeof createCurrentModelLoader>;
}

export type AvatarContext = RequestContext<AvatarLoaders>;
