import { NotFound } from '../../../internal/errors.js';
import { callSubgraph } from '../../../internal/subgraph-client.js';

const PERSONA = 'query AvatarPersonaCheck($id: ID!) { persona(id: $id) { id } }';

/**
 * The avatar subgraph does not own personas: it asks the persona subgraph,
 * with the caller's own token, whether the persona exists in the caller's
 * organization. Another organization's persona is NOT_FOUND, as if it did
 * not exist (its existence is not revealed).
 */
export class PersonaDirectory {
  constructor(private readonly personaUrl: string) {}

  async assertInCallerOrg(personaId: string, token: string | null): Promise<void> {
    const data = await callSubgraph<{ persona: { id: string } | null }>(this.personaUrl, PERSONA, { id: personaId }, { token });
    if (!data.persona) throw NotFound('Persona');
  }
}
