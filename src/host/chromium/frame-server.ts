import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface ServerHandlers {
  /** The page's bundle and the scene, served once each. */
  pageScript: () => Promise<Buffer>;
  scene: () => Uint8Array;
  /** A frame's bytes; the reply (and so the page's next send) waits for the returned promise. */
  onFrame: (run: number, body: Buffer) => Promise<void>;
  onDone: (run: number) => void;
  /** run is -1 for errors outside a render (e.g. a WebGPU device error). */
  onError: (run: number, message: string) => void;
}

export interface FrameServer {
  url: string;
  close: () => Promise<void>;
}

const PAGE = (token: string) =>
  `<!doctype html><meta charset="utf-8"><title>portglow</title>` +
  `<script src="/page.js?token=${token}"></script>`;

/**
 * The loopback server a render's page talks to. It binds 127.0.0.1 only (a secure context for
 * WebGPU) and answers only requests that carry this render's random token.
 */
export async function startFrameServer(h: ServerHandlers): Promise<FrameServer> {
  const token = randomBytes(24).toString('hex');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = req.headers['x-portglow-token'] ?? url.searchParams.get('token');
    if (given !== token) {
      res.writeHead(403).end();
      req.resume();
      return;
    }
    const reply = (status: number, body?: string | Buffer | Uint8Array, type = 'text/plain') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    };
    if (req.method === 'GET') {
      if (url.pathname === '/') return reply(200, PAGE(token), 'text/html');
      if (url.pathname === '/page.js') {
        h.pageScript().then(
          (js) => reply(200, js, 'text/javascript'),
          (e) => reply(500, String(e)),
        );
        return;
      }
      if (url.pathname === '/scene') return reply(200, h.scene(), 'application/octet-stream');
      return reply(404);
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const run = Number(url.searchParams.get('run') ?? -1);
      if (url.pathname === '/frame') {
        Promise.resolve()
          .then(() => h.onFrame(run, body))
          .then(
            () => reply(200),
            (e) => reply(500, String(e)),
          );
        return;
      }
      if (url.pathname === '/done') h.onDone(run);
      else if (url.pathname === '/error') h.onError(run, body.toString('utf8'));
      else return reply(404);
      reply(200);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
