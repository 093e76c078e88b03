import { index, indexArray, invalid, object, objects, oneOf, optionalIndex, optionalNumbers, optionalObject, optionalString, type Json } from './gltf-check.js';
import { checkUri } from './gltf-uris.js';
import type { ContainerFormat, GltfAnimation, GltfDocument, GltfMesh, GltfNode, GltfSkin } from './gltf-types.js';

type SceneParts = Pick<GltfDocument, 'scene' | 'scenes' | 'nodes' | 'parents' | 'meshes' | 'skins' | 'animations'>;

/** Nodes, meshes, skins, scenes, animations and the material → texture → image chain. */
export function validateScenes(json: Json, format: ContainerFormat, accessorCount: number): SceneParts {
  const count = (key: string) => objects(json, key).length;
  const meshes = objects(json, 'meshes').map((mesh, i) => validateMesh(mesh, `meshes[${i}]`, accessorCount, count('materials')));
  const nodeList = objects(json, 'nodes');
  const nodes = nodeList.map((node, i) => validateNode(node, `nodes[${i}]`, nodeList.length, meshes.length, count('skins'), count('cameras')));
  const parents = parentsOf(nodes);
  const skins = objects(json, 'skins').map((skin, i): GltfSkin => {
    const inverseBindMatrices = optionalIndex(skin.inverseBindMatrices, `skins[${i}].inverseBindMatrices`, accessorCount, 'accessor');
    optionalIndex(skin.skeleton, `skins[${i}].skeleton`, nodes.length, 'node');
    const joints = indexArray(skin.joints, `skins[${i}].joints`, nodes.length, 'node', { nonEmpty: true });
    return { joints, ...(inverseBindMatrices !== undefined ? { inverseBindMatrices } : {}) };
  });
  const scenes = objects(json, 'scenes').map((scene, i) => {
    const roots = indexArray(scene.nodes, `scenes[${i}].nodes`, nodes.length, 'node');
    for (const root of roots) if (parents[root] !== undefined) invalid(`scenes[${i}].nodes lists node ${root}, which is a child of node ${parents[root]}`);
    return { nodes: roots };
  });
  const scene = optionalIndex(json.scene, 'scene', scenes.length, 'scene');
  const animations = objects(json, 'animations').map((animation, i) => validateAnimation(animation, `animations[${i}]`, accessorCount, nodes.length));
  validateMaterials(json, format, count('bufferViews'));
  return { scenes, nodes, parents, meshes, skins, animations, ...(scene !== undefined ? { scene } : {}) };
}

function validateMesh(mesh: Json, path: string, accessorCount: number, materialCount: number): GltfMesh {
  const list = mesh.primitives;
  if (!Array.isArray(list) || list.length === 0) invalid(`${path}.primitives must be a non-empty array`);
  const primitives = list.map((item, p) => {
    const at = `${path}.primitives[${p}]`;
    const primitive = object(item, at);
    const attributes = accessorMap(primitive.attributes, `${at}.attributes`, accessorCount);
    optionalIndex(primitive.indices, `${at}.indices`, accessorCount, 'accessor');
    optionalIndex(primitive.material, `${at}.material`, materialCount, 'material');
    if (primitive.targets !== undefined) {
      if (!Array.isArray(primitive.targets)) invalid(`${at}.targets must be an array`);
      primitive.targets.forEach((target, t) => accessorMap(target, `${at}.targets[${t}]`, accessorCount));
    }
    return { attributes };
  });
  return { primitives };
}

function accessorMap(value: unknown, path: string, accessorCount: number): Record<string, number> {
  const map = object(value, path);
  return Object.fromEntries(Object.entries(map).map(([name, i]) => [name, index(i, `${path}.${name}`, accessorCount, 'accessor')]));
}

function validateNode(node: Json, path: string, nodeCount: number, meshCount: number, skinCount: number, cameraCount: number): GltfNode {
  const children = indexArray(node.children, `${path}.children`, nodeCount, 'node');
  const mesh = optionalIndex(node.mesh, `${path}.mesh`, meshCount, 'mesh');
  const skin = optionalIndex(node.skin, `${path}.skin`, skinCount, 'skin');
  optionalIndex(node.camera, `${path}.camera`, cameraCount, 'camera');
  if (skin !== undefined && mesh === undefined) invalid(`${path} has a skin but no mesh`);
  const matrix = optionalNumbers(node.matrix, `${path}.matrix`, 16);
  const translation = optionalNumbers(node.translation, `${path}.translation`, 3);
  const rotation = optionalNumbers(node.rotation, `${path}.rotation`, 4);
  const scale = optionalNumbers(node.scale, `${path}.scale`, 3);
  if (matrix && (translation || rotation || scale)) invalid(`${path} has both a matrix and translation/rotation/scale`);
  const name = optionalString(node.name, `${path}.name`);
  return { children, ...defined({ name, mesh, skin, matrix, translation, rotation, scale }) };
}

const defined = <T extends object>(fields: T): Partial<T> => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Each node's parent; a node with two parents or a cycle is refused (the hierarchy must be a forest). */
function parentsOf(nodes: GltfNode[]): (number | undefined)[] {
  const parents: (number | undefined)[] = new Array(nodes.length).fill(undefined);
  nodes.forEach((node, i) => {
    for (const child of node.children) {
      if (child === i) invalid(`nodes[${i}] is its own child`);
      if (parents[child] !== undefined) invalid(`node ${child} has two parents (nodes ${parents[child]} and ${i})`);
      parents[child] = i;
    }
  });
  nodes.forEach((_node, start) => {
    const seen = new Set<number>();
    for (let at: number | undefined = start; at !== undefined; at = parents[at]) {
      if (seen.has(at)) invalid(`the node hierarchy has a cycle through node ${at}`);
      seen.add(at);
    }
  });
  return parents;
}

const PATHS = ['translation', 'rotation', 'scale', 'weights', 'pointer'] as const;

function validateAnimation(animation: Json, path: string, accessorCount: number, nodeCount: number): GltfAnimation {
  const samplerList = animation.samplers;
  const channelList = animation.channels;
  if (!Array.isArray(samplerList) || samplerList.length === 0) invalid(`${path}.samplers must be a non-empty array`);
  if (!Array.isArray(channelList) || channelList.length === 0) invalid(`${path}.channels must be a non-empty array`);
  const samplers = samplerList.map((item, s) => {
    const sampler = object(item, `${path}.samplers[${s}]`);
    if (sampler.interpolation !== undefined) oneOf(sampler.interpolation, `${path}.samplers[${s}].interpolation`, ['LINEAR', 'STEP', 'CUBICSPLINE']);
    return {
      input: index(sampler.input, `${path}.samplers[${s}].input`, accessorCount, 'accessor'),
      output: index(sampler.output, `${path}.samplers[${s}].output`, accessorCount, 'accessor'),
    };
  });
  channelList.forEach((item, c) => {
    const channel = object(item, `${path}.channels[${c}]`);
    index(channel.sampler, `${path}.channels[${c}].sampler`, samplers.length, 'sampler');
    const target = object(channel.target, `${path}.channels[${c}].target`);
    optionalIndex(target.node, `${path}.channels[${c}].target.node`, nodeCount, 'node');
    oneOf(target.path, `${path}.channels[${c}].target.path`, PATHS);
  });
  const name = optionalString(animation.name, `${path}.name`);
  return { samplers, ...(name !== undefined ? { name } : {}) };
}

const TEXTURE_SLOTS: [string | null, string][] = [
  ['pbrMetallicRoughness', 'baseColorTexture'],
  ['pbrMetallicRoughness', 'metallicRoughnessTexture'],
  [null, 'normalTexture'],
  [null, 'occlusionTexture'],
  [null, 'emissiveTexture'],
];

/** Materials point at textures, textures at images and samplers; images are embedded (URI policy). */
function validateMaterials(json: Json, format: ContainerFormat, bufferViewCount: number): void {
  const images = objects(json, 'images');
  images.forEach((image, i) => {
    if (image.uri !== undefined) checkUri(image.uri, `images[${i}].uri`, format, 'image');
    else if (image.bufferView !== undefined) index(image.bufferView, `images[${i}].bufferView`, bufferViewCount, 'bufferView');
    else invalid(`images[${i}] has neither a uri nor a bufferView`);
  });
  const textures = objects(json, 'textures');
  textures.forEach((texture, t) => {
    optionalIndex(texture.source, `textures[${t}].source`, images.length, 'image');
    optionalIndex(texture.sampler, `textures[${t}].sampler`, objects(json, 'samplers').length, 'sampler');
  });
  objects(json, 'materials').forEach((material, m) => {
    for (const [group, slot] of TEXTURE_SLOTS) {
      const holder = group ? optionalObject(material[group], `materials[${m}].${group}`) : material;
      const info = holder && optionalObject(holder[slot], `materials[${m}].${group ? `${group}.` : ''}${slot}`);
      if (info) index(info.index, `materials[${m}].${group ? `${group}.` : ''}${slot}.index`, textures.length, 'texture');
    }
  });
}
