import { index, invalid, isObject, object, objects, oneOf, optionalIndex, optionalNumbers, optionalUint, uint, type Json } from './gltf-check.js';
import { validateScenes } from './gltf-validate-scene.js';
import { checkUri, dataUriBytes } from './gltf-uris.js';
import { COMPONENT_BYTES, TYPE_COMPONENTS, elementBytes, type ContainerFormat, type GltfAccessor, type GltfBuffer, type GltfBufferView, type GltfDocument } from './gltf-types.js';

export interface Container {
  format: ContainerFormat;
  /** length of the GLB's BIN chunk, when it has one */
  binLength?: number;
}

const ARRAY_KEYS = ['accessors', 'animations', 'buffers', 'bufferViews', 'cameras', 'images', 'materials', 'meshes', 'nodes', 'samplers', 'scenes', 'skins', 'textures'];

/**
 * Checks the glTF 2.0 basics (asset version, arrays where arrays belong,
 * every index in range, every byte range inside its buffer, no external
 * URI) and returns the typed document the reader works on.
 */
export function validateGltf(json: unknown, container: Container): GltfDocument {
  if (!isObject(json)) invalid('the glTF JSON must be an object');
  checkAsset(json.asset);
  for (const key of ARRAY_KEYS) objects(json, key);
  for (const key of ['extensionsUsed', 'extensionsRequired']) {
    const list = json[key];
    if (list !== undefined && (!Array.isArray(list) || list.some((e) => typeof e !== 'string'))) invalid(`${key} must be an array of strings`);
  }
  const buffers = validateBuffers(objects(json, 'buffers'), container);
  const bufferViews = validateBufferViews(objects(json, 'bufferViews'), buffers);
  const accessors = validateAccessors(objects(json, 'accessors'), bufferViews);
  return { format: container.format, buffers, bufferViews, accessors, ...validateScenes(json, container.format, accessors.length) };
}

function checkAsset(value: unknown): void {
  const asset = isObject(value) ? value : invalid('asset is missing: this is not a glTF document');
  if (typeof asset.version !== 'string') invalid('asset.version is missing');
  if (!/^2\.\d+$/.test(asset.version)) invalid(`asset.version is "${asset.version}"; only glTF 2.x is supported`);
  if (asset.minVersion !== undefined && (typeof asset.minVersion !== 'string' || !/^2\.0$/.test(asset.minVersion))) {
    invalid(`asset.minVersion ${JSON.stringify(asset.minVersion)} is not supported (2.0 only)`);
  }
}

function validateBuffers(list: Json[], container: Container): GltfBuffer[] {
  return list.map((buffer, i) => {
    const path = `buffers[${i}]`;
    const byteLength = uint(buffer.byteLength, `${path}.byteLength`, 1);
    if (buffer.uri === undefined) {
      if (container.format !== 'glb' || i !== 0) invalid(`${path} has no uri; only buffer 0 of a .glb may refer to its BIN chunk`);
      if (container.binLength === undefined) invalid(`${path} refers to the BIN chunk, but the file has none`);
      if (byteLength > container.binLength) invalid(`${path}.byteLength ${byteLength} exceeds the BIN chunk (${container.binLength} bytes)`);
      return { byteLength };
    }
    const uri = checkUri(buffer.uri, `${path}.uri`, container.format, 'buffer');
    const available = dataUriBytes(uri, `${path}.uri`);
    if (byteLength > available) invalid(`${path}.byteLength ${byteLength} exceeds its data (${available} bytes)`);
    return { uri, byteLength };
  });
}

function validateBufferViews(list: Json[], buffers: GltfBuffer[]): GltfBufferView[] {
  return list.map((view, i) => {
    const path = `bufferViews[${i}]`;
    const buffer = index(view.buffer, `${path}.buffer`, buffers.length, 'buffer');
    const byteOffset = optionalUint(view.byteOffset, `${path}.byteOffset`) ?? 0;
    const byteLength = uint(view.byteLength, `${path}.byteLength`, 1);
    const byteStride = optionalUint(view.byteStride, `${path}.byteStride`, 4);
    if (byteStride !== undefined && (byteStride > 252 || byteStride % 4 !== 0)) invalid(`${path}.byteStride must be a multiple of 4 between 4 and 252`);
    if (byteOffset + byteLength > buffers[buffer]!.byteLength) {
      invalid(`${path} (bytes ${byteOffset}..${byteOffset + byteLength}) lies outside buffer ${buffer} (${buffers[buffer]!.byteLength} bytes)`);
    }
    return { buffer, byteOffset, byteLength, ...(byteStride !== undefined ? { byteStride } : {}) };
  });
}

function validateAccessors(list: Json[], views: GltfBufferView[]): GltfAccessor[] {
  return list.map((accessor, i) => {
    const path = `accessors[${i}]`;
    const componentType = oneOf(accessor.componentType, `${path}.componentType`, Object.keys(COMPONENT_BYTES).map(Number));
    const type = oneOf(accessor.type, `${path}.type`, Object.keys(TYPE_COMPONENTS));
    const count = uint(accessor.count, `${path}.count`, 1);
    const byteOffset = optionalUint(accessor.byteOffset, `${path}.byteOffset`) ?? 0;
    const bufferView = optionalIndex(accessor.bufferView, `${path}.bufferView`, views.length, 'bufferView');
    const components = TYPE_COMPONENTS[type]!;
    const min = optionalNumbers(accessor.min, `${path}.min`, components);
    const max = optionalNumbers(accessor.max, `${path}.max`, components);
    if (accessor.normalized !== undefined && typeof accessor.normalized !== 'boolean') invalid(`${path}.normalized must be a boolean`);
    if (bufferView !== undefined) {
      const view = views[bufferView]!;
      const size = elementBytes(componentType, type);
      const end = byteOffset + (view.byteStride ?? size) * (count - 1) + size;
      if (end > view.byteLength) invalid(`${path} needs ${end} bytes of bufferView ${bufferView}, which has ${view.byteLength}`);
    }
    if (accessor.sparse !== undefined) checkSparse(object(accessor.sparse, `${path}.sparse`), `${path}.sparse`, views, count, elementBytes(componentType, type));
    return { componentType, type, count, byteOffset, normalized: accessor.normalized === true, sparse: accessor.sparse !== undefined, ...(bufferView !== undefined ? { bufferView } : {}), ...(min ? { min } : {}), ...(max ? { max } : {}) };
  });
}

function checkSparse(sparse: Json, path: string, views: GltfBufferView[], accessorCount: number, valueBytes: number): void {
  const count = uint(sparse.count, `${path}.count`, 1);
  if (count > accessorCount) invalid(`${path}.count ${count} exceeds the accessor's count ${accessorCount}`);
  const indices = object(sparse.indices, `${path}.indices`);
  const values = object(sparse.values, `${path}.values`);
  const indexType = oneOf(indices.componentType, `${path}.indices.componentType`, [5121, 5123, 5125]);
  for (const [part, bytes] of [[indices, COMPONENT_BYTES[indexType]!], [values, valueBytes]] as const) {
    const name = part === indices ? 'indices' : 'values';
    const view = index(part.bufferView, `${path}.${name}.bufferView`, views.length, 'bufferView');
    const end = (optionalUint(part.byteOffset, `${path}.${name}.byteOffset`) ?? 0) + count * bytes;
    if (end > views[view]!.byteLength) invalid(`${path}.${name} needs ${end} bytes of bufferView ${view}, which has ${views[view]!.byteLength}`);
  }
}
