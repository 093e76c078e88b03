import { loaderById } from '../../../internal/graphql/loaders.js';
import type { PersonaService } from './persona.service.js';

/** Personas by id in one query per request tick (deleted ones included; callers check tenant and liveness). */
export const createPersonaLoader = (service: PersonaService) => loaderById((ids) => service.findByIds(ids));
