import http from 'node:http';
import { listenOnLoopback, loopbackGuard, replier } from '../host/chromium/frame-server.js';
import { UserError } from '../errors.js';

/** What the studio serves; each is asked for when a request comes. */
export interface StudioHandlers {
  /** The page's bundle (dist/studio.js), its style and the UI font (from the package). */
  script: () => Promise<Buffer>;
  font: () => Promise<Buffer>;
  style: string;
  /**
   * The encoded scene and the page's JSON info of the picture that `words` describe (undefined: the
   * one the studio started with); a bad word rejects with a UserError, whose message the page shows.
   */
  scene: (words?: string[]) => Promise<Uint8Array>;
  info: (words?: string[]) => Promise<unknown>;
  /** Frame n as raw RGBA, rendered here, for a browser without WebGPU. */
  frame: (n: number, words?: string[]) => Promise<Uint8Array>;
}

export interface StudioServer {
  /** The page's address with its token: printed for the user, who is the only one meant to have it. */
  url: string;
  origin: string;
  redact: (text: string) => string;
  close: () => Promise<void>;
}

/** Only the page's own files and this server: no inline script, no other host, no frames, no forms. */
export function studioPolicy(origin: string): string {
  return [
    "default-src 'none'",
    `script-src ${origin}/studio.js`,
    `style-src ${origin}/studio.css`,
    `font-src ${origin}/font.ttf`,
    `connect-src ${origin}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const page = (token: string) =>
  `<!doctype html><meta charset="utf-8"><title>portglow studio</title>` +
  `<link rel="stylesheet" href="/studio.css?token=${token}">` +
  `<body><script src="/studio.js?token=${token}"></script></body>`;

/**
 * The studio's loopback server: binds 127.0.0.1 only and answers nothing that is not addressed to
 * 127.0.0.1:PORT with this session's random token (in the query of a GET, or the x-portglow-token
 * header), and nothing whose Origin is another site. Everything comes from the package; the page
 * reaches no other server.
 */
export async function startStudioServer(h: StudioHandlers): Promise<StudioServer> {
  const { tokenText, redact, guard, allowed } = loopbackGuard(
    (req, url) => req.headers['x-portglow-token'] ?? url.searchParams.get('token'),
  );
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = replier(res, guard);
    const later = (p: () => Promise<Buffer | Uint8Array | string>, type: string) =>
      void Promise.resolve()
        .then(p)
        .then(
          (b) => reply(200, b, type),
          (e: Error) => reply(e instanceof UserError ? 400 : 503, redact(e.message)),
        );
    if (!allowed(req, url)) {
      res.shouldKeepAlive = false;
      reply(403, 'forbidden: this address needs the token printed by gen-frames studio');
      req.resume();
      return;
    }
    if (req.method !== 'GET') return reply(405);
    /** The picture's words, a JSON list of strings in `w`, if the page edited them. */
    const words = (): string[] | undefined => {
      const w = url.searchParams.get('w');
      if (w === null) return undefined;
      let list: unknown;
      try {
        list = JSON.parse(w);
      } catch {
        list = undefined;
      }
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string'))
        throw new UserError('w must be a JSON list of command-line words');
      return list as string[];
    };
    switch (url.pathname) {
      case '/':
        return reply(200, page(tokenText), 'text/html; charset=utf-8');
      case '/studio.js':
        return later(h.script, 'text/javascript');
      case '/studio.css':
        return reply(200, h.style.replace('{{token}}', tokenText), 'text/css');
      case '/font.ttf':
        return later(h.font, 'font/ttf');
      case '/scene':
        return later(() => h.scene(words()), 'application/octet-stream');
      case '/info':
        return later(async () => JSON.stringify(await h.info(words())), 'application/json');
      case '/frame': {
        const n = Number(url.searchParams.get('n'));
        if (!Number.isSafeInteger(n) || n < 0) return reply(400, 'n must be a frame number');
        return later(() => h.frame(n, words()), 'application/octet-stream');
      }
      default:
        return reply(404);
    }
  });
  return listenOnLoopback(server, guard, studioPolicy, tokenText, redact);
}
