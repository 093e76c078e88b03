import { loaderById } from '../../../internal/graphql/loaders.js';
import type { AvatarModelService } from './avatar-model.service.js';

/** Per request: the current model of each persona asked for, in one query for a whole list of personas. */
export const createCurrentModelLoader = (service: AvatarModelService) =>
  loaderById(async (personaIds) => (await service.currentForPersonas(personaIds)).map((model) => ({ ...model, id: model.personaId! })));
