import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of knowledge rows are UUIDs; anything else names nothing (and must not reach a uuid column). */
export const isUuid = (id: string) => UUID.test(id);

/**
 * The id of a source's chunk at `index`: the same on every run, so a retried
 * or duplicated job rewrites the same chunk and vector ids (a UUID v5-style
 * hash of the source id and the index).
 */
export function chunkIdOf(sourceId: string, index: number): string {
  const hex = createHash('sha1').update(`${sourceId}:${index}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
