import { Upload, type FileUpload } from 'graphql-upload-ts';

/** One file of a multipart request and every object path (spec `map` entry) it fills. */
export interface UploadSlot {
  upload: Upload;
  paths: string[];
}

export interface ExtractedUploads {
  /** a copy of the value with every Upload replaced by null, as the spec's `operations` wants */
  value: unknown;
  slots: UploadSlot[];
}

/**
 * Finds the Upload instances graphql-upload-ts put into the operation's
 * variables (at any depth, in lists and input objects) and the paths they
 * sit at, e.g. `variables.input.files.1`. The same Upload at several paths
 * is one file mapped to several paths.
 */
export function extractUploads(value: unknown, prefix: string): ExtractedUploads {
  const slots = new Map<Upload, string[]>();
  const walk = (node: unknown, path: string): unknown => {
    if (node instanceof Upload) {
      const paths = slots.get(node) ?? [];
      paths.push(path);
      slots.set(node, paths);
      return null;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}.${i}`));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, `${path}.${key}`)]));
    }
    return node;
  };
  const copy = walk(value, prefix);
  return { value: copy, slots: [...slots].map(([upload, paths]) => ({ upload, paths })) };
}

/** Every Upload anywhere in a parsed multipart body (one operation or a batch). */
export function uploadsIn(body: unknown): Upload[] {
  return extractUploads(body, 'body').slots.map((slot) => slot.upload);
}

const CRLF = '\r\n';

// A quoted-string parameter: no quote or line break may end it early.
const quoted = (text: string) => `"${text.replace(/["\r\n\\]/g, '_')}"`;

// RFC 5987 form as well, which busboy prefers: the exact name, whatever it holds.
const extValue = (text: string) => encodeURIComponent(text).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const filenameParams = (name: string) => `filename=${quoted(name)}; filename*=UTF-8''${extValue(name)}`;

/**
 * The body of a GraphQL multipart request (operations, map, then each file),
 * produced chunk by chunk: each file is read from the gateway's temporary
 * spool file as the subgraph takes it, so no file is ever whole in memory.
 */
export async function* multipartBody(boundary: string, operations: string, files: { file: FileUpload; paths: string[] }[]): AsyncGenerator<Buffer> {
  const map = Object.fromEntries(files.map((f, i) => [String(i), f.paths]));
  const field = (name: string, content: string) =>
    Buffer.from(`--${boundary}${CRLF}Content-Disposition: form-data; name=${quoted(name)}${CRLF}${CRLF}${content}${CRLF}`);
  yield field('operations', operations);
  yield field('map', JSON.stringify(map));
  for (const [i, { file }] of files.entries()) {
    yield Buffer.from(
      `--${boundary}${CRLF}Content-Disposition: form-data; name="${i}"; ${filenameParams(file.filename)}${CRLF}` +
        `Content-Type: ${file.mimetype || 'application/octet-stream'}${CRLF}${CRLF}`,
    );
    const stream = file.createReadStream();
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } finally {
      stream.destroy();
    }
    yield Buffer.from(CRLF);
  }
  yield Buffer.from(`--${boundary}--${CRLF}`);
}
