import { NotFound } from './errors.js';
import { callSubgraph } from './subgraph-client.js';

const PERSONA = 'query PersonaCheck($id: ID!) { persona(id: $id) { id } }';

/**
 * Subgraphs that attach things to personas (avatar models, knowledge
 * sources) do not own them: they ask the persona subgraph, with the caller's
 * own token, whether the persona exists in the caller's organization.
 * Another organization's persona is NOT_FOUND, as if it did not exist (its
 * existence is not revealed).
 */
export class PersonaDirectory {
  constructor(private readonly personaUrl: string) {}

  async assertInCallerOrg(personaId: string, token: string | null): Promise<void> {
    const data = await callSubgraph<{ persona: { id: string } | null }>(this.personaUrl, PERSONA, { id: personaId }, { token });
    if (!data.persona) throw NotFound('Persona');
  }
}
