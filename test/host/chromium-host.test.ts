import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumHost } from '../../src/host/chromium/chromium-host.js';
import { encodePatch } from '../../src/host/patch-wire.js';
import { TILE_BYTES } from '../../src/gpu/abi.js';
import { FrameAssembler } from '../../src/render/frame-assembler.js';
import { encodeScene } from '../../src/scene/scene-data.js';
import { renderRestartingChromium, sha256, syntheticScene } from '../helpers/gpu.js';
import { GOLDEN_DIR } from '../helpers/golden.js';
import { chromiumOf, listeningSockets } from './chromium-processes.js';
import { tryFrameSocket } from '../helpers/frame-socket.js';

const golden: Record<string, string> = JSON.parse(
  readFileSync(join(GOLDEN_DIR, 'ports-320x180-seed42.json'), 'utf8'),
).frames;
const LAST = 59;
const goldenUpTo = (last: number) =>
  Object.fromEntries(Object.entries(golden).filter(([f]) => Number(f) <= last));
const scene = encodeScene(syntheticScene(42, 320, 180));

/** A server on another loopback port that counts every request reaching it. */
async function bait(): Promise<{ port: number; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'access-control-allow-origin': '*' }).end('reached');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Tries, from inside the page, every way to load or send something elsewhere; says which got an answer. */
function tryToLeave(page: Page, port: number): Promise<Record<string, string>> {
  return page.evaluate(async (p) => {
    const other = `http://127.0.0.1:${p}`;
    const out: Record<string, string> = {};
    const attempt = async (name: string, f: () => Promise<unknown>) => {
      try {
        await Promise.race([f(), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 1500))]);
        out[name] = 'reached';
      } catch {
        out[name] = 'blocked';
      }
    };
    const element = (tag: 'img' | 'script' | 'iframe', src: string) =>
      new Promise((resolve, reject) => {
        const e = document.createElement(tag);
        e.onload = resolve;
        e.onerror = reject;
        e.src = src;
        document.documentElement.appendChild(e);
      });
    await attempt('fetch other port', () => fetch(`${other}/fetch`).then((r) => r.text()));
    await attempt('fetch no-cors', () => fetch(`${other}/no-cors`, { mode: 'no-cors' }));
    await attempt('fetch file:', () => fetch('file:///etc/hostname').then((r) => r.text()));
    await attempt('fetch a name', () => fetch('http://example.com/').then((r) => r.text()));
    await attempt('img', () => element('img', `${other}/img`));
    await attempt('script', () => element('script', `${other}/script.js`));
    await attempt('iframe file:', () => element('iframe', 'file:///etc/hostname'));
    await attempt(
      'websocket',
      () =>
        new Promise((res, rej) =>
          Object.assign(new WebSocket(`ws://127.0.0.1:${p}/ws`), { onopen: res, onerror: rej }),
        ),
    );
    // Its answer says nothing (queued, even when the policy then blocks it): the bait's hits tell.
    navigator.sendBeacon(`${other}/beacon`, 'x');
    return out;
  }, port);
}

/** A well-formed patch of white tiles for `frame`, as a forger would send it. */
function forgedBody(frame: number): Buffer {
  const tiles = Uint32Array.from({ length: 40 }, (_, i) => i);
  return Buffer.concat(
    encodePatch({ frame, tiles, pixels: new Uint8Array(tiles.length * TILE_BYTES).fill(255) }),
  );
}

/** A POST from outside the page, with exactly these headers; resolves to the status (0: no answer). */
function post(origin: string, path: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  const { port } = new URL(origin);
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path, headers, setHost: false, agent: false },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

describe('the sealed Chromium host', () => {
  let host: ChromiumHost;
  beforeAll(async () => {
    host = await ChromiumHost.start({ scene });
  });
  afterAll(() => host?.close());

  it('listens on no TCP port, lets the page reach nothing but its server, and keeps no forged frame', async () => {
    const other = await bait();
    const asm = new FrameAssembler(320, 180);
    const hashes: Record<string, string> = {};
    const forged: number[] = [];
    let leave: Record<string, string> = {};
    let sockets: string[] = [];
    try {
      for await (const p of host.frames(0, LAST)) {
        hashes[p.frame] = sha256(asm.apply(p));
        if (p.frame !== 10) continue;
        // While frames flow: Chromium's processes, their sockets, the page's reach, and forgers.
        const procs = chromiumOf(host.pid, host.profileDir);
        expect(procs.some((q) => q.cmdline.includes('--type=gpu-process'))).toBe(true);
        sockets = listeningSockets(procs.map((q) => q.pid));
        leave = await tryToLeave((host as unknown as { page: Page }).page, other.port);
        const right = new URL(host.origin).host;
        const headersTried: Record<string, string>[] = [
          { host: right },
          { host: right, 'x-portglow-token': 'f'.repeat(48) },
          { host: `localhost:${new URL(host.origin).port}`, 'x-portglow-token': 'f'.repeat(48) },
        ];
        for (const headers of headersTried) {
          forged.push(await post(host.origin, '/frame?run=1', headers, forgedBody(20)));
          forged.push(await post(host.origin, '/error?run=1', headers, Buffer.from('forged failure')));
          const port = Number(new URL(host.origin).port);
          const opened = await tryFrameSocket(port, `/frames?token=${'f'.repeat(48)}`, { ...headers, origin: host.origin }); // prettier-ignore
          forged.push(opened === true ? 101 : opened);
        }
      }
    } finally {
      await new Promise((r) => setTimeout(r, 300)); // a late beacon or frame would land by now
      await other.close();
    }
    expect(sockets).toEqual([]);
    expect(leave).toEqual({
      'fetch other port': 'blocked',
      'fetch no-cors': 'blocked',
      'fetch file:': 'blocked',
      'fetch a name': 'blocked',
      img: 'blocked',
      script: 'blocked',
      'iframe file:': 'blocked',
      websocket: 'blocked',
    });
    expect(other.hits).toEqual([]);
    expect(forged.every((s) => s === 403)).toBe(true);
    expect(hashes).toEqual(goldenUpTo(LAST));
  });

  it('closes and leaves no process and no profile folder; close() may be called again', async () => {
    const { pid, profileDir } = host;
    expect(existsSync(profileDir)).toBe(true);
    await Promise.all([host.close(), host.close()]);
    await host.close();
    expect(chromiumOf(pid, profileDir)).toEqual([]);
    expect(existsSync(profileDir)).toBe(false);
  });
});

describe('a crash of any Chromium process restarts the host with the same bytes', () => {
  it('a killed GPU process, then a killed renderer, then a killed network process', async () => {
    // At which frame to kill which of Chromium's processes (by a word of its command line).
    const plan = new Map([
      [12, '--type=gpu-process '],
      [28, '--type=renderer '],
      [44, '--utility-sub-type=network.mojom.NetworkService '],
    ]);
    const killed: Record<string, number[]> = {};
    const { result, hosts, hashes } = await renderRestartingChromium(scene, LAST, (r, started) => {
      const kind = plan.get(r.index);
      if (!kind || killed[kind]) return;
      const h = started[started.length - 1];
      const pids = chromiumOf(h.pid, h.profileDir)
        .filter((p) => p.cmdline.includes(kind))
        .map((p) => p.pid);
      killed[kind] = pids;
      for (const pid of pids) process.kill(pid, 'SIGKILL');
    });
    expect([...plan.values()].map((k) => killed[k]?.length > 0)).toEqual([true, true, true]);
    // The GPU process and the renderer take the page's device or the page itself with them: a restart
    // each. Chromium brings a killed network process back by itself, so that kill restarts the host only
    // when a request of the page was in flight; either way the bytes must be the same.
    expect(result.restarts === 2 || result.restarts === 3).toBe(true);
    expect(hosts.length).toBe(result.restarts + 1);
    expect(hashes).toEqual(goldenUpTo(LAST));
    // Each crashed browser went with its host: no process, no profile folder.
    for (const h of hosts) {
      expect(chromiumOf(h.pid, h.profileDir)).toEqual([]);
      expect(existsSync(h.profileDir)).toBe(false);
    }
  });
});
