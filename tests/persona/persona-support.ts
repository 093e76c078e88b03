import type { GraphQLClient } from '../support/client.js';

export const PERSONA_FIELDS = 'id name description tone rules safetyRules samplePrompts llm { provider model temperature maxTokens } deletedAt';
export const CREATE_PERSONA = `mutation($input: CreatePersonaInput!) { createPersona(input: $input) { ${PERSONA_FIELDS} } }`;
export const UPDATE_PERSONA = `mutation($id: ID!, $input: UpdatePersonaInput!) { updatePersona(id: $id, input: $input) { ${PERSONA_FIELDS} } }`;
export const DELETE_PERSONA = `mutation($id: ID!) { deletePersona(id: $id) }`;
export const PERSONA = `query($id: ID!) { persona(id: $id) { ${PERSONA_FIELDS} } }`;
export const PERSONAS = `query($first: Int, $after: String) { personas(first: $first, after: $after) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`;
export const ASK = `mutation($personaId: ID!, $question: String!) {
  askPersona(personaId: $personaId, question: $question) {
    text animationHint refused actions { type payload } citations { sourceId sourceTitle chunkId snippet location score }
  }
}`;

export const GABRIEL = {
  name: 'Gabriel',
  description: 'The biology teacher',
  tone: 'warm, encouraging, simple words',
  rules: ['Answer only from the course material', 'Ask a follow-up question'],
  safetyRules: ['Never give medical advice'],
  samplePrompts: ['What is photosynthesis?'],
};

/** Creates a persona as `client` and returns its id. */
export async function createPersona(client: GraphQLClient, input: Record<string, unknown> = GABRIEL): Promise<string> {
  const data = await client.ok(CREATE_PERSONA, { input });
  return data.createPersona.id as string;
}
