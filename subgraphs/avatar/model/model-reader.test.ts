import { AppError } from '../../../internal/errors.js';
import { gltfWithBufferUri, patchedGlb, pngImage, TWO_CLIP_ANIMATIONS, TWO_CLIP_BOUNDS, twoClipModel } from '../../../tests/avatar/gltf-fixtures.js';
import { bufferSource } from './byte-source.js';
import { encodeGlb } from './gltf-builder.js';
import { readModel } from './model-reader.js';

const read = (bytes: Buffer) => readModel(bufferSource(bytes));

/** The code and message a refused file gets. */
async function refusal(bytes: Buffer): Promise<[string, string]> {
  try {
    await read(bytes);
  } catch (err) {
    if (err instanceof AppError) return [err.code, err.message];
    throw err;
  }
  throw new Error('the file was accepted');
}

const model = twoClipModel();
const glb = model.toGlb();
const json = () => JSON.parse(JSON.stringify({ ...model.json, buffers: [{ byteLength: model.binary().length }] }));
/** A GLB of the two-clip model with its JSON changed by `edit`. */
const glbWith = (edit: (doc: any) => void) => {
  const doc = json();
  edit(doc);
  return encodeGlb(doc, model.binary());
};

describe('reading a valid model', () => {
  test('a GLB with two clips and node transforms reads back its clips and scene box exactly', async () => {
    expect(await read(glb)).toEqual({ format: 'glb', mimeType: 'model/gltf-binary', animations: TWO_CLIP_ANIMATIONS, boundingBox: TWO_CLIP_BOUNDS });
  });

  test('the same model as glTF JSON with an embedded data: URI reads back the same', async () => {
    expect(await read(model.toGltf())).toEqual({ format: 'gltf', mimeType: 'model/gltf+json', animations: TWO_CLIP_ANIMATIONS, boundingBox: TWO_CLIP_BOUNDS });
  });

  test('unnamed clips are called animation_<index>; a model without clips has none', async () => {
    expect((await read(glbWith((d) => delete d.animations[1].name))).animations[1]).toEqual({ name: 'animation_1', durationSeconds: 1.75 });
    expect((await read(glbWith((d) => delete d.animations))).animations).toEqual([]);
  });

  test('without a scene property scene 0 is the default; without scenes every root node counts', async () => {
    expect((await read(glbWith((d) => delete d.scene))).boundingBox).toEqual(TWO_CLIP_BOUNDS);
    const everything = (await read(glbWith((d) => delete d.scenes && delete d.scene))).boundingBox;
    expect(everything.max).toEqual([101.5, 101, 100.75]);
  });

  test('a skinned mesh is placed by joint 0 times its inverse bind matrix, not by its own node', async () => {
    const doc = json();
    const bin = model.binary();
    // inverse bind matrix: translate by (0, -1, 0); joint 0 = Armature (translate (1,0,-2), scale 2)
    const ibm = Buffer.from(new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, -1, 0, 1]).buffer);
    doc.bufferViews.push({ buffer: 0, byteOffset: bin.length, byteLength: 64 });
    doc.accessors.push({ bufferView: doc.bufferViews.length - 1, componentType: 5126, count: 1, type: 'MAT4' });
    doc.buffers[0].byteLength = bin.length + 64;
    doc.skins = [{ joints: [1], inverseBindMatrices: doc.accessors.length - 1 }];
    doc.nodes[2].skin = 0; // the Hat: unit box, its own matrix must be ignored
    doc.nodes[2].matrix = [9, 0, 0, 0, 0, 9, 0, 0, 0, 0, 9, 0, 50, 50, 50, 1];
    const box = (await read(encodeGlb(doc, Buffer.concat([bin, ibm])))).boundingBox;
    // hat: (-0.5..0.5)³ shifted by (0,-1,0), scaled 2, moved by (1,0,-2) → x 0..2, y -3..-1, z -3..-1
    expect(box).toEqual({ min: [-2, -3, -3.5], max: [2, 2, -1] });
  });

  test('normalized integer positions are scaled as glTF says', async () => {
    const box = (await read(glbWith((d) => {
      d.accessors[0] = { ...d.accessors[0], componentType: 5121, normalized: true, min: [0, 0, 0], max: [255, 255, 51], bufferView: undefined };
      delete d.accessors[0].bufferView;
      d.scene = 1; // the far node alone: translation (100,100,100), mesh 0
    }))).boundingBox;
    expect(box).toEqual({ min: [100, 100, 100], max: [101, 101, 100.2] });
  });
});

describe('refusing a broken or foreign file with a clear code', () => {
  test.each([
    ['a 0-byte file', Buffer.alloc(0), 'BAD_USER_INPUT', /empty/],
    ['a PNG renamed .glb', pngImage(), 'UNSUPPORTED_MEDIA_TYPE', /looks like a PNG image/],
    ['plain text', Buffer.from('hello avatar'), 'UNSUPPORTED_MEDIA_TYPE', /Not a glTF 2.0 model/],
    ['a truncated GLB', glb.subarray(0, glb.length - 40), 'BAD_USER_INPUT', /truncated: its header says \d+ bytes but the file has \d+/],
    ['a GLB cut inside its header', glb.subarray(0, 10), 'BAD_USER_INPUT', /truncated: 10 bytes/],
    ['a GLB with trailing bytes', Buffer.concat([glb, Buffer.alloc(8)]), 'BAD_USER_INPUT', /header says \d+ bytes but the file has/],
    ['a GLB whose JSON chunk lies about its length', patchedGlb(glb, 12, glb.readUInt32LE(12) + 4096), 'BAD_USER_INPUT', /chunk 0 says it holds \d+ bytes but only \d+ follow/],
    ['a GLB whose BIN chunk lies about its length', patchedGlb(glb, 20 + glb.readUInt32LE(12), 1 << 30), 'BAD_USER_INPUT', /chunk 1 says it holds/],
    ['a GLB whose BIN chunk claims less than it has', patchedGlb(glb, 20 + glb.readUInt32LE(12), 8), 'BAD_USER_INPUT', /chunk 2/],
    ['a GLB with an unaligned chunk length', patchedGlb(glb, 12, glb.readUInt32LE(12) - 1), 'BAD_USER_INPUT', /not a multiple of 4/],
    ['a GLB of version 1', patchedGlb(glb, 4, 1), 'UNSUPPORTED_MEDIA_TYPE', /GLB version 1/],
    ['a GLB whose first chunk is BIN', patchedGlb(glb, 16, 0x004e4942), 'BAD_USER_INPUT', /first chunk must be the JSON chunk/],
    ['a glTF with an external uri to /etc/passwd', gltfWithBufferUri('/etc/passwd'), 'BAD_USER_INPUT', /buffers\[0\]\.uri refers to an external file "\/etc\/passwd"/],
    ['a glTF with a relative uri', gltfWithBufferUri('../x.bin'), 'BAD_USER_INPUT', /external file "\.\.\/x\.bin"/],
    ['a glTF with a file: uri', gltfWithBufferUri('file:///etc/passwd'), 'BAD_USER_INPUT', /external file/],
    ['a glTF with an http uri', gltfWithBufferUri('https://example.com/a.bin'), 'BAD_USER_INPUT', /external file/],
    ['a glTF whose data: URI is not base64', gltfWithBufferUri('data:application/octet-stream,abc'), 'BAD_USER_INPUT', /not base64-encoded/],
    ['a glTF whose data: URI is too short', gltfWithBufferUri('data:application/octet-stream;base64,AAAA'), 'BAD_USER_INPUT', /exceeds its data \(3 bytes\)/],
    ['invalid JSON', Buffer.from('{"asset": '), 'BAD_USER_INPUT', /not valid JSON/],
    ['JSON that is not glTF', Buffer.from('{"hello": 1}'), 'BAD_USER_INPUT', /asset is missing/],
  ])('%s', async (_case, bytes, code, message) => {
    const [actualCode, actualMessage] = await refusal(bytes);
    expect(actualCode).toBe(code);
    expect(actualMessage).toMatch(message);
  });

  test.each<[string, (doc: any) => void, RegExp]>([
    ['glTF 1.0', (d) => (d.asset.version = '1.0'), /only glTF 2.x/],
    ['nodes that is not an array', (d) => (d.nodes = { 0: {} }), /nodes must be an array/],
    ['a node that is not an object', (d) => (d.nodes[3] = 7), /nodes\[3\] must be an object/],
    ['a bufferView index out of range', (d) => (d.accessors[0].bufferView = 99), /accessors\[0\]\.bufferView refers to bufferView 99/],
    ['a buffer index out of range', (d) => (d.bufferViews[0].buffer = 1), /bufferViews\[0\]\.buffer refers to buffer 1, but there is 1/],
    ['an accessor index out of range', (d) => (d.meshes[0].primitives[0].attributes.POSITION = 42), /POSITION refers to accessor 42/],
    ['a bufferView outside its buffer', (d) => (d.bufferViews[0].byteLength = 1_000_000), /lies outside buffer 0/],
    ['an accessor longer than its bufferView', (d) => (d.accessors[0].count = 1000), /needs \d+ bytes of bufferView 0/],
    ['a buffer longer than the BIN chunk', (d) => (d.buffers[0].byteLength += 1000), /exceeds the BIN chunk/],
    ['a uri inside a GLB', (d) => (d.buffers[0].uri = 'data:application/octet-stream;base64,AAAA'), /a \.glb must keep all its data in its BIN chunk/],
    ['an image uri inside a GLB', (d) => (d.images = [{ uri: 'face.png' }]), /images\[0\]\.uri refers to "face\.png"/],
    ['a node with two parents', (d) => d.nodes[1].children.push(2), /node 2 has two parents/],
    ['a hierarchy with a cycle', (d) => d.nodes[2].children = [1], /cycle/],
    ['a scene root that is a child', (d) => (d.scenes[0].nodes = [0]), /child of node 1/],
    ['a node with matrix and TRS', (d) => (d.nodes[2].translation = [0, 0, 0]), /both a matrix and translation/],
    ['a matrix of 15 numbers', (d) => (d.nodes[2].matrix = d.nodes[2].matrix.slice(1)), /matrix must be an array of 16 finite numbers/],
    ['a keyframe input without max', (d) => delete d.accessors[d.animations[0].samplers[0].input].max, /has no max/],
    ['a channel with an unknown path', (d) => (d.animations[0].channels[0].target.path = 'colour'), /target\.path must be one of/],
    ['positions without min/max', (d) => delete d.accessors[0].min, /POSITION\) has no min\/max/],
    ['a default scene without meshes', (d) => (d.scenes[0].nodes = []), /no mesh with positions/],
    ['a texture pointing at a missing image', (d) => { d.textures = [{ source: 3 }]; }, /textures\[0\]\.source refers to image 3/],
  ])('a glTF with %s', async (_case, edit, message) => {
    const [code, actual] = await refusal(glbWith(edit));
    expect(code).toBe('BAD_USER_INPUT');
    expect(actual).toMatch(message);
  });
});
