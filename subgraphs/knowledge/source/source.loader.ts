import { loaderById, loaderGrouped } from '../../../internal/graphql/loaders.js';
import type { SourceService } from './source.service.js';

/** Per-request loaders, scoped to the caller's organization (none without one). */
export function createSourceLoaders(sources: SourceService, orgId: string | null) {
  return {
    source: loaderById((ids) => (orgId ? sources.findByIds(orgId, ids) : Promise.resolve([]))),
    sourcesByPersona: loaderGrouped((personaIds) => (orgId ? sources.listForPersonas(orgId, personaIds) : Promise.resolve([])), (row) => row.personaId),
  };
}
