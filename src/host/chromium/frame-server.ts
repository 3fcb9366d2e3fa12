import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { acceptFrameSockets } from './frame-socket.js';

export interface ServerHandlers {
  /** The page's bundle and the scene, served once each (the scene may still be being built: the reply waits). */
  pageScript: () => Promise<Buffer>;
  scene: () => Uint8Array | Promise<Uint8Array>;
  /** A frame's bytes (from the frame socket); its answer, and so the page's next send, waits for the promise. */
  onFrame: (run: number, body: Buffer) => Promise<void>;
  onDone: (run: number) => void;
  /** run is -1 for errors outside a render (e.g. a WebGPU device error). The message has no token in it. */
  onError: (run: number, message: string) => void;
  /** The page's GPU device was lost (its GPU process died): the host is gone. */
  onLost: (message: string) => void;
}

export interface FrameServer {
  /** The page's address, token included: never print it. */
  url: string;
  /** `http://127.0.0.1:PORT`, the only origin the page may reach. */
  origin: string;
  /** The text with the token cut out: for every message that may have picked it up (URLs, stacks). */
  redact: (text: string) => string;
  close: () => Promise<void>;
}

const PAGE = (token: string) =>
  `<!doctype html><meta charset="utf-8"><title>portglow</title>` +
  `<script src="/page.js?token=${token}"></script>`;

/** True when `given` is the token; constant time in the token's bytes, so timing tells nothing. */
export function tokenMatches(given: unknown, token: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const g = Buffer.from(given, 'utf8');
  return g.length === token.length && timingSafeEqual(g, token);
}

/**
 * What the page may load and reach: its own script and this server, nothing else (no other port,
 * host or scheme, `file:` included; no inline script, no eval, no frames, no forms).
 */
export function contentPolicy(origin: string): string {
  return [
    "default-src 'none'",
    `script-src ${origin}/page.js`,
    // The page's own server, and its frame socket (src/host/chromium/frame-socket.ts) on the same port.
    `connect-src ${origin} ${origin.replace(/^http:/, 'ws:')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * A loopback server's secret and its gate, shared by the render's server and the studio's: a fresh
 * token, a redactor that cuts it out of any text, and the check every request passes — Host exactly this
 * server's, no foreign Origin (a browser names the page that sent a request), and the token.
 */
export function loopbackGuard(tokenOf: (req: http.IncomingMessage, url: URL) => unknown) {
  const tokenText = randomBytes(24).toString('hex');
  const token = Buffer.from(tokenText, 'utf8');
  const redact = (text: string) => text.split(tokenText).join('<token>');
  const guard = { host: '', origin: '', policy: '' };
  const allowed = (req: http.IncomingMessage, url: URL): boolean => {
    if (req.headers.host !== guard.host) return false;
    if (req.headers.origin !== undefined && req.headers.origin !== guard.origin) return false;
    return tokenMatches(tokenOf(req, url), token);
  };
  return { tokenText, redact, guard, allowed };
}

/** A reply with the guard's content policy, never cached, never sniffed, never naming the page. */
export function replier(res: http.ServerResponse, guard: { policy: string }) {
  return (status: number, body?: string | Buffer | Uint8Array, type = 'text/plain') => {
    res
      .writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
        'content-security-policy': guard.policy,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      })
      .end(body);
  };
}

/**
 * The loopback server a render's page talks to. It binds 127.0.0.1 only (a secure context for
 * WebGPU) and answers only requests addressed to 127.0.0.1:PORT that carry this render's random
 * token (POSTs in a header, which no cross-site form can send; the page's GETs and its frame socket in
 * the address); every other request gets 403 and is never handed on.
 */
export async function startFrameServer(h: ServerHandlers): Promise<FrameServer> {
  // The token travels in a header; only the page's own GET requests may carry it in the address.
  const { tokenText, redact, guard, allowed } = loopbackGuard(
    (req, url) =>
      req.headers['x-portglow-token'] ?? (req.method === 'GET' ? url.searchParams.get('token') : null),
  );
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = replier(res, guard);
    if (!allowed(req, url)) {
      res.shouldKeepAlive = false;
      reply(403);
      req.resume();
      return;
    }
    if (req.method === 'GET') {
      if (url.pathname === '/') return reply(200, PAGE(tokenText), 'text/html');
      if (url.pathname === '/page.js') {
        h.pageScript().then(
          (js) => reply(200, js, 'text/javascript'),
          (e) => reply(500, redact(String(e))),
        );
        return;
      }
      if (url.pathname === '/scene') {
        Promise.resolve()
          .then(h.scene)
          .then(
            (scene) => reply(200, scene, 'application/octet-stream'),
            (e) => reply(500, redact(String(e))),
          );
        return;
      }
      return reply(404);
    }
    if (req.method !== 'POST') return reply(405);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const run = Number(url.searchParams.get('run') ?? -1);
      if (url.pathname === '/done') h.onDone(run);
      else if (url.pathname === '/error') h.onError(run, redact(body.toString('utf8')));
      else if (url.pathname === '/lost') h.onLost(redact(body.toString('utf8')));
      else return reply(404);
      reply(200);
    });
  });
  const sockets = await acceptFrameSockets(server, allowed, h.onFrame, redact);
  server.keepAliveTimeout = 60_000;
  const listening = await listenOnLoopback(server, guard, contentPolicy, tokenText, redact);
  return {
    ...listening,
    close: () => {
      sockets.close();
      return listening.close();
    },
  };
}

/**
 * What both loopback servers (the render's and the studio's) do once their handler is set: listen on a
 * free port of 127.0.0.1 only, pin the Host/Origin guard and the content policy to that origin, and hand
 * back the address (token included), the redactor and a close that may be called more than once.
 */
export async function listenOnLoopback(
  server: http.Server,
  guard: { host: string; origin: string; policy: string },
  policy: (origin: string) => string,
  tokenText: string,
  redact: (text: string) => string,
): Promise<FrameServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  guard.host = `127.0.0.1:${port}`;
  guard.origin = `http://${guard.host}`;
  guard.policy = policy(guard.origin);
  let closing: Promise<void> | undefined;
  return {
    url: `${guard.origin}/?token=${tokenText}`,
    origin: guard.origin,
    redact,
    close: () =>
      (closing ??= new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
}
