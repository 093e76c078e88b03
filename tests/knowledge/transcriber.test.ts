import { rm } from 'node:fs/promises';
import type http from 'node:http';
import {
  chunkSections,
  extractText,
  IngestError,
  OpenAiTranscriber,
  TRANSCRIPTION_NOT_CONFIGURED,
  type DetectedType,
  type ExtractDeps,
} from '../../subgraphs/knowledge/ingest/index.js';
import { tempDir } from '../support/files.js';
import { startLocalServer, type LocalServer, type RecordedRequest } from '../support/http-server.js';
import { writeFixture } from './fixtures/index.js';

const MP3: DetectedType = { kind: 'AUDIO', mimeType: 'audio/mpeg', extension: 'mp3' };
const noOcr = { recognize: () => Promise.reject(new Error('OCR must not run')), close: async () => {} };
const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: unknown) => (e instanceof IngestError ? e.reason : `not an IngestError: ${String(e)}`),
  );

/** OpenAI's verbose_json transcription, as documented for whisper-1. */
const VERBOSE = {
  task: 'transcribe',
  language: 'english',
  duration: 95.4,
  text: 'Hello class. Today we study cells. Cells have a nucleus.',
  segments: [
    { id: 0, seek: 0, start: 0, end: 4.2, text: ' Hello class.', tokens: [1], temperature: 0, avg_logprob: -0.2, compression_ratio: 1.1, no_speech_prob: 0.01 },
    { id: 1, seek: 0, start: 4.2, end: 80.5, text: ' Today we study cells.', tokens: [2], temperature: 0, avg_logprob: -0.2, compression_ratio: 1.1, no_speech_prob: 0.01 },
    { id: 2, seek: 0, start: 80.5, end: 95.4, text: ' Cells have a nucleus.', tokens: [3], temperature: 0, avg_logprob: -0.2, compression_ratio: 1.1, no_speech_prob: 0.01 },
  ],
};

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** A multipart form field's value in a recorded request body. */
const field = (request: RecordedRequest, name: string) => new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)\\r\\n`).exec(String(request.body))?.[1];

describe('OpenAiTranscriber against a server speaking the audio API', () => {
  let server: LocalServer;
  let status = 200;
  let dir: string;
  let recording: string;
  beforeAll(async () => {
    server = await startLocalServer((_req, res) => (status === 200 ? json(res, 200, VERBOSE) : json(res, status, { error: { message: `refused with ${status}`, type: 'invalid_request_error' } })));
    dir = await tempDir('transcriber');
    recording = await writeFixture(dir, 'upload-7f3a', Buffer.from('ID3 pretend-mp3-frames', 'latin1'));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const transcriber = (options: Partial<ConstructorParameters<typeof OpenAiTranscriber>[0]> = {}) =>
    new OpenAiTranscriber({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0, ...options });
  const depsWith = (t: OpenAiTranscriber): ExtractDeps => ({ ocr: noOcr, transcriber: t });

  it('posts the recording as multipart and turns segments into timed sections', async () => {
    status = 200;
    const before = server.requests.length;
    const extraction = await extractText(recording, MP3, depsWith(transcriber()));
    expect(extraction.sections).toEqual([
      { text: 'Hello class.', location: { label: '00:00–00:04', startSeconds: 0, endSeconds: 4.2 } },
      { text: 'Today we study cells.', location: { label: '00:04–01:20', startSeconds: 4.2, endSeconds: 80.5 } },
      { text: 'Cells have a nucleus.', location: { label: '01:20–01:35', startSeconds: 80.5, endSeconds: 95.4 } },
    ]);
    const [request] = server.requests.slice(before);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/audio/transcriptions');
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(field(request, 'model')).toBe('whisper-1');
    expect(field(request, 'response_format')).toBe('verbose_json');
    expect(String(request.body)).toMatch(/name="file"; filename="recording\.mp3"\r\nContent-Type: audio\/mpeg\r\n\r\nID3 pretend-mp3-frames\r\n/);
    const [chunk] = chunkSections(extraction.sections);
    expect(chunk.location).toEqual({ label: '00:00–01:35', startSeconds: 0, endSeconds: 95.4 });
  });

  it('uses the configured model', async () => {
    status = 200;
    const before = server.requests.length;
    await transcriber({ model: 'gpt-4o-transcribe-test' }).transcribe(recording, 'audio/wav');
    expect(field(server.requests[before], 'model')).toBe('gpt-4o-transcribe-test');
    expect(String(server.requests[before].body)).toMatch(/filename="recording\.wav"/);
  });

  it('fails for good when the service refuses the recording, and leaves server errors to the retry', async () => {
    status = 400;
    expect(await reasonOf(extractText(recording, MP3, depsWith(transcriber())))).toMatch(/^the transcription service refused the recording: .*refused with 400/);
    status = 401;
    expect(await reasonOf(extractText(recording, MP3, depsWith(transcriber())))).toMatch(/refused the API key/);
    status = 503;
    expect(await reasonOf(extractText(recording, MP3, depsWith(transcriber())))).toMatch(/^not an IngestError/);
  });

  it('refuses a recording above the service limit without sending it', async () => {
    const before = server.requests.length;
    expect(await reasonOf(extractText(recording, MP3, depsWith(transcriber({ maxBytes: 10 }))))).toMatch(/transcription service takes/);
    expect(server.requests.length).toBe(before);
  });

  it('says transcription is not configured when there is no transcriber', async () => {
    const video: DetectedType = { kind: 'VIDEO', mimeType: 'video/mp4', extension: 'mp4' };
    expect(await reasonOf(extractText(recording, video, { ocr: noOcr, transcriber: null }))).toBe(TRANSCRIPTION_NOT_CONFIGURED);
    expect(TRANSCRIPTION_NOT_CONFIGURED).toBe('transcription is not configured: set OPENAI_API_KEY');
  });
});
