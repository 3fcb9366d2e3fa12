import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudioServer, studioPolicy, type StudioServer } from '../../src/cli/studio-server.js';

function get(origin: string, path: string, headers: Record<string, string> = {}) {
  const u = new URL(path, origin);
  return new Promise<{ status: number; body: string; csp: string }>((resolve, reject) => {
    http
      .get({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            csp: String(res.headers['content-security-policy'] ?? ''),
          }),
        );
      })
      .on('error', reject);
  });
}

describe('studio server', () => {
  let server: StudioServer;
  let token: string;
  const frames: number[] = [];
  beforeAll(async () => {
    server = await startStudioServer({
      script: async () => Buffer.from('/* page */'),
      font: async () => Buffer.from('ttf'),
      style: "@font-face { src: url('/font.ttf?token={{token}}') }",
      scene: async () => new Uint8Array([1, 2, 3]),
      info: async (w) => ({ frames: 3, ...(w ? { w } : {}) }),
      frame: async (n) => {
        frames.push(n);
        if (n > 2) throw new Error(`frame ${n} is past the last frame 2`);
        return new Uint8Array([n]);
      },
    });
    token = new URL(server.url).searchParams.get('token')!;
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 only and prints an address that holds the token', () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    expect(token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('answers nothing without the token, with a wrong one, another Host or another Origin', async () => {
    for (const path of ['/', '/studio.js', '/studio.css', '/font.ttf', '/scene', '/info', '/frame?n=0']) {
      expect((await get(server.origin, path)).status).toBe(403);
      expect((await get(server.origin, path, { 'x-portglow-token': 'x'.repeat(48) })).status).toBe(403);
    }
    const port = new URL(server.origin).port;
    expect((await get(server.origin, `/info?token=${token}`, { host: `localhost:${port}` })).status).toBe(
      403,
    );
    expect((await get(server.origin, `/info?token=${token}`, { origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect(frames).toEqual([]);
  });

  it('serves the page, its files and frames with the token, under a CSP that reaches nothing else', async () => {
    const page = await get(server.origin, `/?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`/studio.js?token=${token}`);
    expect(page.csp).toBe(studioPolicy(server.origin));
    expect(page.csp).toContain("default-src 'none'");
    expect((await get(server.origin, `/studio.css?token=${token}`)).body).toContain(
      `font.ttf?token=${token}`,
    );
    expect((await get(server.origin, '/info', { 'x-portglow-token': token })).body).toBe('{"frames":3}');
    expect((await get(server.origin, `/frame?n=2&token=${token}`)).status).toBe(200);
    const past = await get(server.origin, `/frame?n=3&token=${token}`);
    expect([past.status, past.body]).toEqual([503, 'frame 3 is past the last frame 2']);
    expect((await get(server.origin, `/frame?n=-1&token=${token}`)).status).toBe(400);
    expect((await get(server.origin, `/nothing?token=${token}`)).status).toBe(404);
    const w = encodeURIComponent(JSON.stringify(['--bin', '1h']));
    expect((await get(server.origin, `/info?w=${w}&token=${token}`)).body).toBe(
      '{"frames":3,"w":["--bin","1h"]}',
    );
    expect((await get(server.origin, `/info?w=%5B1%5D&token=${token}`)).status).toBe(400);
    expect((await get(server.origin, `/info?w=nope&token=${token}`)).status).toBe(400);
  });
});
