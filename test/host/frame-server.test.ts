import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFrameServer, tokenMatches, type FrameServer } from '../../src/host/chromium/frame-server.js';

interface Sent {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One raw request, with exactly the headers given (no Host added). */
function request(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, headers, setHost: false, agent: false },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the frame server', () => {
  let server: FrameServer;
  let token: string;
  let port: number;
  const kept: { frames: Buffer[]; errors: string[]; lost: string[]; done: number[] } = {
    frames: [],
    errors: [],
    lost: [],
    done: [],
  };

  beforeEach(async () => {
    kept.frames = [];
    kept.errors = [];
    kept.lost = [];
    kept.done = [];
    server = await startFrameServer({
      pageScript: async () => Buffer.from('/* page */'),
      scene: () => new Uint8Array([1, 2, 3]),
      onFrame: async (_run, body) => void kept.frames.push(body),
      onDone: (run) => void kept.done.push(run),
      onError: (_run, m) => void kept.errors.push(m),
      onLost: (m) => void kept.lost.push(m),
    });
    const url = new URL(server.url);
    token = url.searchParams.get('token')!;
    port = Number(url.port);
  });
  afterEach(() => server.close());

  const host = () => `127.0.0.1:${port}`;

  it('takes no frame by POST, even with the token: frames come over the frame socket only', async () => {
    const r = await request(port, 'POST', '/frame?run=1', { host: host(), 'x-portglow-token': token }, 'abc');
    expect(r.status).toBe(404);
    expect(kept.frames).toEqual([]);
    const done = await request(port, 'POST', '/done?run=4', { host: host(), 'x-portglow-token': token });
    expect([done.status, kept.done]).toEqual([200, [4]]);
  });

  it('refuses, and never keeps, a POST without the token, with a wrong one, or with a wrong Host or Origin', async () => {
    const wrong = randomBytes(24).toString('hex');
    const cases: Record<string, string>[] = [
      { host: host() },
      { host: host(), 'x-portglow-token': wrong },
      { host: host(), 'x-portglow-token': token.slice(0, -1) },
      { host: host(), 'x-portglow-token': `${token}0` },
      { host: host(), 'x-portglow-token': '' },
      // DNS rebinding: the right port under another name.
      { host: `localhost:${port}`, 'x-portglow-token': token },
      { host: `evil.example:${port}`, 'x-portglow-token': token },
      { host: '127.0.0.1', 'x-portglow-token': token },
      { 'x-portglow-token': token },
      // Another page in some browser, even one that learned the token.
      { host: host(), 'x-portglow-token': token, origin: 'http://127.0.0.1:1' },
      { host: host(), 'x-portglow-token': token, origin: 'null' },
    ];
    for (const headers of cases) {
      for (const path of ['/frame?run=1', '/done?run=1', '/error?run=1', '/lost']) {
        const r = await request(port, 'POST', path, headers, 'forged');
        // Node's HTTP server itself answers 400 to a request with no Host at all.
        const refused = headers.host === undefined ? [400, 403] : [403];
        expect(refused, `${path} ${JSON.stringify(headers)}`).toContain(r.status);
        expect(r.body).not.toContain(token);
      }
    }
    // A token in the query is for the page's first GETs only: a cross-site form cannot set a header.
    const q = await request(port, 'POST', `/frame?run=1&token=${token}`, { host: host() }, 'forged');
    expect(q.status).toBe(403);
    expect(kept).toEqual({ frames: [], errors: [], lost: [], done: [] });
  });

  it('serves the page only with the token, under a policy that allows this server alone', async () => {
    expect((await request(port, 'GET', '/', { host: host() })).status).toBe(403);
    expect((await request(port, 'GET', '/scene', { host: host() })).status).toBe(403);
    expect((await request(port, 'GET', `/?token=${token}`, { host: `localhost:${port}` })).status).toBe(403);
    const page = await request(port, 'GET', `/?token=${token}`, { host: host() });
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`connect-src ${server.origin} ws://${host()};`);
    expect(csp).toContain(`script-src ${server.origin}/page.js`);
    expect(server.origin).toBe(`http://${host()}`);
    const scene = await request(port, 'GET', '/scene', { host: host(), 'x-portglow-token': token });
    expect(scene.status).toBe(200);
  });

  it('never passes the token on in an error text', async () => {
    const stack = `Error: boom\n    at http://127.0.0.1:${port}/page.js?token=${token}:1:2`;
    const h = { host: host(), 'x-portglow-token': token };
    await request(port, 'POST', '/error?run=1', h, stack);
    await request(port, 'POST', '/lost', h, `lost ${token}`);
    expect(kept.errors).toHaveLength(1);
    expect(kept.errors[0]).toContain('page.js?token=<token>');
    expect(kept.lost).toEqual(['lost <token>']);
    expect(server.redact(server.url)).not.toContain(token);
  });

  it('close() is idempotent', async () => {
    await Promise.all([server.close(), server.close()]);
    await server.close();
  });
});

describe('tokenMatches', () => {
  const token = Buffer.from('0123456789abcdef', 'utf8');
  it('accepts the token only, whatever else is sent', () => {
    expect(tokenMatches('0123456789abcdef', token)).toBe(true);
    for (const given of [
      '0123456789abcdeF',
      '0123456789abcde',
      '0123456789abcdef0',
      '',
      null,
      undefined,
      7,
    ]) {
      expect(tokenMatches(given, token), String(given)).toBe(false);
    }
    // A repeated header arrives as a list.
    expect(tokenMatches(['0123456789abcdef', '0123456789abcdef'], token)).toBe(false);
    // Same UTF-16 length, different byte length.
    expect(tokenMatches('0123456789abcdeé', token)).toBe(false);
  });
});

describe('the scene, while the render is still building it', () => {
  const handlers = (scene: () => Promise<Uint8Array>) => ({
    pageScript: async () => Buffer.from('/* page */'),
    scene,
    onFrame: async () => undefined,
    onDone: () => undefined,
    onError: () => undefined,
    onLost: () => undefined,
  });
  const get = (server: FrameServer) => {
    const url = new URL(server.url);
    const token = url.searchParams.get('token')!;
    return request(Number(url.port), 'GET', `/scene?token=${token}`, { host: url.host });
  };

  it('is answered once it is built, with its bytes', async () => {
    let built!: (s: Uint8Array) => void;
    const server = await startFrameServer(handlers(() => new Promise((r) => (built = r))));
    try {
      const reply = get(server);
      let answered = false;
      void reply.then(() => (answered = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(answered).toBe(false);
      built(new Uint8Array([65, 66, 67]));
      const r = await reply;
      expect([r.status, r.body]).toEqual([200, 'ABC']);
    } finally {
      await server.close();
    }
  });

  it('is an error without the token in it when the build fails', async () => {
    const server = await startFrameServer(
      handlers(() =>
        Promise.reject(new Error(`no scene for ${new URL(server.url).searchParams.get('token')}`)),
      ),
    );
    try {
      const r = await get(server);
      expect(r.status).toBe(500);
      expect(r.body).toContain('no scene for <token>');
    } finally {
      await server.close();
    }
  });
});
