import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface LocalServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A local HTTP server on a free port that records JSON requests and hands them to `handle`. */
export async function startLocalServer(handle: (req: RecordedRequest, res: http.ServerResponse, index: number) => void | Promise<void>): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      // keep the raw text
    }
    const recorded = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
    requests.push(recorded);
    await handle(recorded, res, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the client closes the connection before `res` finished (the server did not end it). */
export const clientWentAway = (res: http.ServerResponse) =>
  new Promise<void>((resolve) => {
    res.on('close', () => {
      if (!res.writableFinished) resolve();
    });
  });
