import { invalid } from './gltf-check.js';
import type { ContainerFormat } from './gltf-types.js';

/**
 * A model must be self-contained: the server never follows a URI, and the
 * browser must not either (an uploaded `uri: "/etc/passwd"` or `../x.bin`
 * would make clients fetch whatever it names). A .gltf may embed data as
 * base64 data: URIs; a .glb keeps everything in its BIN chunk.
 */
const DATA_URI = /^data:([a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+)?((?:;[a-z0-9_-]+=[^;,]*)*);base64,/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const shown = (uri: string) => JSON.stringify(uri.length > 60 ? `${uri.slice(0, 57)}...` : uri);

export function checkUri(uri: unknown, path: string, format: ContainerFormat, kind: 'buffer' | 'image'): string {
  if (typeof uri !== 'string') invalid(`${path} must be a string`);
  if (format === 'glb') invalid(`${path} refers to ${shown(uri)}; a .glb must keep all its data in its BIN chunk`);
  const header = DATA_URI.exec(uri);
  if (!/^data:/i.test(uri)) invalid(`${path} refers to an external file ${shown(uri)}; only embedded base64 data: URIs are accepted`);
  if (!header) invalid(`${path} is a data: URI that is not base64-encoded`);
  const mediaType = (header[1] ?? 'application/octet-stream').toLowerCase();
  const expected = kind === 'buffer' ? 'application/' : 'image/';
  if (!mediaType.startsWith(expected)) invalid(`${path} has media type ${mediaType}; expected ${expected}*`);
  return uri;
}

function payloadOf(uri: string): string {
  return uri.slice(uri.indexOf(',') + 1);
}

/** Decoded size of a base64 data: URI, without decoding it; malformed base64 is refused. */
export function dataUriBytes(uri: string, path: string): number {
  const payload = payloadOf(uri);
  if (payload.length % 4 !== 0 || !BASE64.test(payload)) invalid(`${path} is not valid base64`);
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  return (payload.length / 4) * 3 - padding;
}

export function decodeDataUri(uri: string): Buffer {
  return Buffer.from(payloadOf(uri), 'base64');
}
