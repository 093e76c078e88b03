import type { GraphQLClient, GraphQLResponse } from '../support/client.js';

/** What the avatar e2e tests select of an Avatar. */
export const AVATAR_FIELDS = `modelUrl expiresAt mimeType version scale isDefault sizeBytes
  boundingBox { min max } animations { name durationSeconds } animationMap { hint clip }`;

export const UPLOAD_AVATAR = `mutation UploadAvatarModel($personaId: ID!, $file: Upload!, $animationMap: [AnimationMappingInput!]) {
  uploadAvatarModel(personaId: $personaId, file: $file, animationMap: $animationMap) { ${AVATAR_FIELDS} }
}`;

/** The signed test key every avatar stack runs with, so tests can forge expired and other-version URLs. */
export const TEST_URL_KEY = 'avatar-e2e-test-key-0123456789abcdef';

/** uploadAvatarModel as the web app sends it: a multipart request carrying `bytes` as `filename`. */
export function uploadModel(
  client: GraphQLClient,
  variables: { personaId: string; animationMap?: { hint: string; clip: string }[] },
  bytes: Buffer,
  filename = 'avatar.glb',
): Promise<GraphQLResponse> {
  return client.upload(UPLOAD_AVATAR, { ...variables, file: null }, { file: { body: new Blob([bytes]), filename } });
}

/** The same URL on another host (the gateway's or the subgraph's, as the stack runs on free ports). */
export function onHost(url: string, base: string): string {
  const u = new URL(url);
  return `${base.replace(/\/$/, '')}${u.pathname}${u.search}`;
}

/** Fields of the avatar of persona `personaId`, read through `_entities` on the avatar subgraph itself. */
export async function entityAvatar(avatarUrl: string, token: string | undefined, personaId: string): Promise<GraphQLResponse> {
  const res = await fetch(`${avatarUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Persona { id avatar { ${AVATAR_FIELDS} } } } }`,
      variables: { r: [{ __typename: 'Persona', id: personaId }] },
    }),
  });
  return { ...((await res.json()) as object), status: res.status, headers: res.headers };
}
