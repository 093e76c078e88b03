import { BadInput, UnsupportedMediaType } from '../../../internal/errors.js';
import type { ByteSource } from './byte-source.js';
import { GLB_MAGIC, parseJsonChunk, readGlbContainer } from './glb-container.js';
import { readAnimations, type AnimationClip } from './gltf-animations.js';
import { sceneBounds, type BoundingBox, type BufferReader } from './gltf-bounds.js';
import type { ContainerFormat, GltfDocument } from './gltf-types.js';
import { decodeDataUri } from './gltf-uris.js';
import { validateGltf } from './gltf-validate.js';

export const MIME_TYPES = { glb: 'model/gltf-binary', gltf: 'model/gltf+json' } as const satisfies Record<ContainerFormat, string>;
export type ModelMimeType = (typeof MIME_TYPES)[ContainerFormat];

/** What the avatar subgraph learns from a model file. */
export interface ModelSummary {
  format: ContainerFormat;
  mimeType: ModelMimeType;
  animations: AnimationClip[];
  boundingBox: BoundingBox;
}

/**
 * Validates an uploaded model and reads its clips and bounding box. The
 * format comes from the bytes, never from the file name: GLB by its magic,
 * glTF JSON by a leading `{`; anything else is UNSUPPORTED_MEDIA_TYPE, and
 * a broken glTF is BAD_USER_INPUT naming what is wrong.
 */
export async function readModel(source: ByteSource): Promise<ModelSummary> {
  if (source.size === 0) throw BadInput('The file is empty', { field: 'file' });
  const format = sniff(await source.read(0, Math.min(source.size, 32)));
  const { doc, readBuffer } = format === 'glb' ? await openGlb(source) : await openGltf(source);
  return { format, mimeType: MIME_TYPES[format], animations: readAnimations(doc), boundingBox: await sceneBounds(doc, readBuffer) };
}

async function openGlb(source: ByteSource): Promise<{ doc: GltfDocument; readBuffer: BufferReader }> {
  const { json, bin } = await readGlbContainer(source);
  const doc = validateGltf(json, { format: 'glb', ...(bin ? { binLength: bin.length } : {}) });
  // validation guarantees only buffer 0 exists without a uri, and that it lies in the BIN chunk
  return { doc, readBuffer: (_buffer, offset, length) => source.read(bin!.offset + offset, length) };
}

async function openGltf(source: ByteSource): Promise<{ doc: GltfDocument; readBuffer: BufferReader }> {
  const doc = validateGltf(parseJsonChunk(await source.read(0, source.size), 'the glTF file'), { format: 'gltf' });
  const decoded = new Map<number, Buffer>();
  return {
    doc,
    readBuffer: async (buffer, offset, length) => {
      let bytes = decoded.get(buffer);
      if (!bytes) decoded.set(buffer, (bytes = decodeDataUri(doc.buffers[buffer]!.uri!)));
      return bytes.subarray(offset, offset + length);
    },
  };
}

const SIGNATURES: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['an FBX model', [...Buffer.from('Kaydara FBX')]],
];

function sniff(head: Buffer): ContainerFormat {
  if (head.length >= 4 && head.readUInt32LE(0) === GLB_MAGIC) return 'glb';
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && [0x20, 0x09, 0x0a, 0x0d].includes(head[i]!)) i++;
  if (head[i] === 0x7b) return 'gltf';
  const known = SIGNATURES.find(([, magic]) => magic.every((byte, k) => head[k] === byte))?.[0];
  throw UnsupportedMediaType(`Not a glTF 2.0 model${known ? ` (it looks like ${known})` : ''}; upload a .glb, or a .gltf with embedded data: URIs`, {
    field: 'file',
  });
}
