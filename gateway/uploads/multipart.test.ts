import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { processRequest, Upload, type FileUpload } from 'graphql-upload-ts';
import { extractUploads, multipartBody } from './multipart.js';

const fakeFile = (content: string, filename: string, mimetype = 'text/plain'): FileUpload =>
  ({ filename, mimetype, encoding: '7bit', fieldName: 'x', createReadStream: () => Readable.from([Buffer.from(content)]) }) as unknown as FileUpload;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

test('finds uploads at any depth, nulls them, and maps one upload used twice to both paths', () => {
  const a = new Upload();
  const b = new Upload();
  const { value, slots } = extractUploads({ file: a, input: { files: [b, a], title: 'x' }, n: 1 }, 'variables');
  expect(value).toEqual({ file: null, input: { files: [null, null], title: 'x' }, n: 1 });
  expect(slots).toEqual([
    { upload: a, paths: ['variables.file', 'variables.input.files.1'] },
    { upload: b, paths: ['variables.input.files.0'] },
  ]);
});

test('variables without uploads come back unchanged and with no slots', () => {
  expect(extractUploads({ a: [1, { b: 'c' }], d: null }, 'variables')).toEqual({ value: { a: [1, { b: 'c' }], d: null }, slots: [] });
});

test('the body it streams is a multipart request graphql-upload-ts reads back exactly', async () => {
  const boundary = 'test-boundary';
  const operations = JSON.stringify({ query: 'mutation($f: Upload!, $g: Upload!) { a(f: $f, g: $g) }', variables: { f: null, g: null } });
  const files = [
    { file: fakeFile('first file\r\n--not-a-boundary', 'Leçon "1" (d\'ADN)*.txt'), paths: ['variables.f'] },
    { file: fakeFile('second', 'b.bin', 'application/octet-stream'), paths: ['variables.g'] },
  ];
  const request = Object.assign(Readable.from(multipartBody(boundary, operations, files)), {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  const body = await processRequest<{ variables: Record<string, Upload> }>(request as never, new EventEmitter() as never);
  const f = await body.variables.f!.promise;
  const g = await body.variables.g!.promise;
  expect([f.filename, f.mimetype, await readAll(f.createReadStream())]).toEqual(['Leçon "1" (d\'ADN)*.txt', 'text/plain', 'first file\r\n--not-a-boundary']);
  expect([g.filename, g.mimetype, await readAll(g.createReadStream())]).toEqual(['b.bin', 'application/octet-stream', 'second']);
});
