import type { RequestContext } from '../../internal/graphql/context.js';
import type { createPersonaLoader } from './persona/persona.loader.js';

export interface PersonaLoaders {
  persona: ReturnType<typeof createPersonaLoader>;
}

export type PersonaContext = RequestContext<PersonaLoaders>;
