import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumPath,
  launchChromium,
  type LaunchedChromium,
} from '../../src/host/chromium/launch-chromium.js';
import { startStudio, type Studio } from '../../src/cli/studio-command.js';
import { pngName } from '../../src/encode/output-names.js';
import { frameDigest } from '../../src/frame-hash.js';
import { SYNTHETIC_DEFAULT_START, syntheticRows } from '../../src/ingest/synthetic.js';
import type { StudioInfo } from '../../harness/studio-types.js';
import { commandLine } from '../../harness/studio-words.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');
// Big enough for the README's screenshot to show the picture as it is; the page draws it 1:1.
const SIZE = '800x450';
const SEED = 7;
const BASE = ['--seed', String(SEED), '--size', SIZE];
const TMP = mkdtempSync(join(tmpdir(), 'portglow-studio-'));

/**
 * The SHA-256 of frame n's RGBA bytes as `gen-frames … --frames n-n` writes it (the PNG decoded; its
 * bytes checked against the manifest's own digest). Renders run in the background, once each.
 */
const hashes = new Map<string, Promise<string>>();
function cliHash(n: number, words = BASE): Promise<string> {
  const key = JSON.stringify([n, words]);
  if (!hashes.has(key)) hashes.set(key, renderHash(n, words));
  return hashes.get(key)!;
}

async function renderHash(n: number, words: string[]): Promise<string> {
  const out = mkdtempSync(join(TMP, 'out-'));
  const args = [BIN, ...words, '--frames', `${n}-${n}`, '--format', 'png', '--out', out, '--overwrite'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code, stderr).toBe(0);
  const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { frames: { index: number; digest: string }[] }; // prettier-ignore
  expect(m.frames.map((f) => f.index)).toEqual([n]);
  const rgba = await sharp(join(out, pngName(n)))
    .ensureAlpha()
    .raw()
    .toBuffer();
  expect(await frameDigest(rgba)).toBe(m.frames[0].digest);
  return createHash('sha256').update(rgba).digest('hex');
}

/** The frame the page shows once it has settled on `n` (or on any frame when n is undefined). */
async function shown(page: Page, n?: number): Promise<{ frame: number; sha256: string; ms: number }> {
  await page.waitForFunction(
    (want) => {
      const d = document.getElementById('picture')?.dataset;
      return d?.sha256 && (want === null || d.frame === String(want));
    },
    { timeout: 60_000 },
    n ?? null,
  );
  return page.$eval('#picture', (c) => {
    const d = (c as HTMLCanvasElement).dataset;
    return { frame: Number(d.frame), sha256: d.sha256!, ms: Number(d.ms) };
  });
}

function rawGet(origin: string, path: string, host?: string): Promise<number> {
  const u = new URL(path, origin);
  return new Promise((resolve, reject) => {
    http
      .get(
        { host: u.hostname, port: u.port, path: u.pathname + u.search, headers: host ? { host } : {} },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      )
      .on('error', reject);
  });
}

/** One studio and one browser for every case (each start costs seconds of the shared CPUs). */
describe('gen-frames studio', () => {
  let studio: Studio;
  let chromium: LaunchedChromium;
  let page: Page;
  let info: StudioInfo;
  const logs: string[] = [];
  /** Every request any page made, to check that none left 127.0.0.1. */
  const requests: string[] = [];
  // Through the DevTools protocol: the launcher turns Puppeteer's own network events off.
  const watch = async (p: Page) => {
    const cdp = await p.createCDPSession();
    cdp.on('Network.requestWillBeSent', (e) => void requests.push(e.request.url));
    await cdp.send('Network.enable');
  };
  let event: StudioInfo['events'][number];
  const EDITED = [...BASE, '--travel', '6', '--theme', 'light', '--palette', 'okabe-ito', '--no-callouts'];

  beforeAll(async () => {
    studio = await startStudio(BASE, (l) => logs.push(l));
    const res = await fetch(new URL(`/info`, studio.server.origin), {
      headers: { 'x-portglow-token': new URL(studio.server.url).searchParams.get('token')! },
    });
    info = (await res.json()) as StudioInfo;
    event = info.events[info.events.length - 1];
    // The CLI's frames render in the background while the browser starts and the page works.
    for (const [n, w] of [[40, BASE], [event.frame, BASE], [30, EDITED]] as const) void cliHash(n, [...w]).catch(() => undefined); // prettier-ignore
    chromium = await launchChromium(chromiumPath());
    page = (await chromium.browser.pages())[0] ?? (await chromium.browser.newPage());
    await watch(page);
    await page.setViewport({ width: 1280, height: 720 });
  });
  afterAll(async () => {
    await chromium?.close();
    await studio?.close();
  });

  it('refuses every request without the token, with a wrong one, or for another host name', async () => {
    const { origin, url } = studio.server;
    const token = new URL(url).searchParams.get('token')!;
    for (const path of ['/', '/studio.js', '/scene', '/info', '/frame?n=0', '/font.ttf'])
      expect(await rawGet(origin, path)).toBe(403);
    expect(await rawGet(origin, `/info?token=${token.slice(0, -1)}x`)).toBe(403);
    expect(await rawGet(origin, `/info?token=${token}`, `localhost:${new URL(origin).port}`)).toBe(403);
    expect(await rawGet(origin, `/info?token=${token}`)).toBe(200);
    expect(new URL(origin).hostname).toBe('127.0.0.1');
  });

  it('shows ?frame=N and ?t=ISO byte-identical to gen-frames --frames N-N, and seeks with the scrubber', async () => {
    expect(info.frames).toBeGreaterThan(50);
    expect(info.packets.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await page.goto(`${studio.server.url}&frame=40`, { waitUntil: 'load' });
    const f40 = await shown(page, 40);
    expect(await page.$eval('#picture', (c) => (c as HTMLCanvasElement).dataset.mode)).toBe('webgpu');
    expect(f40.sha256).toBe(await cliHash(40));
    expect(new URL(page.url()).searchParams.get('frame')).toBe('40');

    // ?t= picks the frame whose bin holds that moment.
    const k = event.frame;
    expect(k).not.toBe(40);
    const t = new Date((info.start + k * info.binSeconds + 17) * 1000).toISOString();
    await page.goto(`${studio.server.url}&t=${t}`, { waitUntil: 'load' });
    const fk = await shown(page, k);
    expect(fk.sha256).toBe(await cliHash(k));

    // A click on the scrubber in the middle of frame 40's stretch.
    const box = (await (await page.$('#scrubber'))!.boundingBox())!;
    await page.mouse.click(box.x + (40.5 * box.width) / info.frames, box.y + box.height / 2);
    await page.waitForFunction((k) => document.getElementById('picture')!.dataset.frame !== String(k), { timeout: 60_000 }, k); // prettier-ignore
    const clicked = await shown(page);
    expect([clicked.frame, clicked.sha256]).toEqual([40, f40.sha256]);
  });

  it('steps with the arrow keys, plays at the video fps, and jumps to a clicked event', async () => {
    const ev = event;
    await page.goto(`${studio.server.url}&frame=20`, { waitUntil: 'load' });
    await shown(page, 20);
    await page.keyboard.press('ArrowRight');
    await shown(page, 21);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await shown(page, 19);
    await page.click('#play');
    await page.waitForFunction(() => Number(document.getElementById('picture')!.dataset.frame) >= 22, { timeout: 60_000 });
    await page.click('#play');
    expect(await page.$eval('#play', (b) => (b as HTMLElement).dataset.playing)).toBe('false');

    expect(info.events.length).toBeGreaterThan(0);
    await page.click(`#events button[data-frame="${ev.frame}"]`);
    const fe = await shown(page, ev.frame);
    expect(fe.sha256).toBe(await cliHash(ev.frame));
    expect(await page.$eval('#events button.here', (b) => (b as HTMLElement).dataset.frame)).toBe(String(ev.frame));
  }); // prettier-ignore

  it('shows the time and packets of the bin under the cursor, counted here from the rows', async () => {
    // The flood: the busiest event, a few frames in, with its callout up (the README's screenshot).
    const flood = [...info.events].sort((a, b) => b.packets - a.packets)[0];
    const at = flood.frame + 3;
    await page.goto(`${studio.server.url}&frame=${at}`, { waitUntil: 'load' });
    await shown(page, at);
    const rows = syntheticRows(SEED);
    const box = (await (await page.$('#scrubber'))!.boundingBox())!;
    for (const k of [Math.floor(info.frames * 0.37), at + 9]) {
      // The middle of bin k's stretch of the scrubber.
      const x = box.x + ((k + 0.5) * box.width) / info.frames;
      await page.mouse.move(x, box.y + box.height / 2, { steps: 4 });
      await page.waitForFunction((n) => document.getElementById('hover')!.dataset.frame === String(n), { timeout: 10_000 }, k);
      const start = SYNTHETIC_DEFAULT_START + k * 300;
      const packets = rows.filter((r) => r.time >= start && r.time < start + 300).length;
      expect(packets).toBeGreaterThan(0);
      const when = new Date(start * 1000).toISOString().replace('.000Z', 'Z');
      expect(await page.$eval('#hover', (e) => e.textContent)).toBe(`under the cursor: frame ${k} · ${when} · ${packets} packets`);
    }
    // Hovering is not seeking.
    expect((await shown(page)).frame).toBe(at);
    const shot = join(TMP, 'studio.png');
    await page.screenshot({ path: shot as `${string}.png` });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    // PORTGLOW_STUDIO_SCREENSHOT=docs/studio.png refreshes the README's picture.
    if (process.env.PORTGLOW_STUDIO_SCREENSHOT) copyFileSync(shot, process.env.PORTGLOW_STUDIO_SCREENSHOT);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 40);
    await page.waitForFunction(() => document.getElementById('hover')!.textContent === '', { timeout: 10_000 });
  }); // prettier-ignore

  it('edits the picture options and shows the command line and config file that render exactly what is on screen', async () => {
    const words = EDITED;
    await page.goto(`${studio.server.url}&frame=30`, { waitUntil: 'load' });
    const before = await shown(page, 30);
    expect(await page.$eval('#command', (e) => e.textContent)).toBe(commandLine(BASE));
    // Every picture option the issue names can be edited.
    for (const k of ['bin', 'travel', 'decay', 'view', 'theme', 'palette', 'from', 'to', 'country', 'proto', 'port', 'host', 'size'])
      expect(await page.$(`#options [name=${k}]`), k).not.toBeNull();
    // A bad value is refused with the flag's own message; the picture stays.
    await page.$eval('#options input[name=travel]', (e) => ((e as HTMLInputElement).value = '0'));
    await page.click('#apply');
    await page.waitForFunction(() => document.getElementById('notice')!.textContent!.includes('travel'), { timeout: 60_000 });
    await page.$eval('#options input[name=travel]', (e) => ((e as HTMLInputElement).value = '6'));
    await page.select('#options select[name=theme]', 'light');
    await page.select('#options select[name=palette]', 'okabe-ito');
    await page.$eval('#options input[name=callouts]', (e) => ((e as HTMLInputElement).checked = false));
    await page.click('#apply');
    await page.waitForFunction((c) => document.getElementById('command')!.textContent === c, { timeout: 60_000 }, commandLine(words));
    await page.waitForFunction((b) => { const d = document.getElementById('picture')!.dataset; return d.frame === '30' && d.sha256 !== b; }, { timeout: 60_000 }, before.sha256);
    const after = await shown(page, 30);
    expect(after.sha256).toBe(await cliHash(30, words));
    // The config file renders the same frame.
    const config = join(TMP, 'studio.yaml');
    writeFileSync(config, (await page.$eval('#config', (e) => e.textContent))!);
    expect(readFileSync(config, 'utf8')).toContain('palette: okabe-ito');
    expect(after.sha256).toBe(await cliHash(30, ['--config', config]));
  }); // prettier-ignore

  it('says so where the browser has no WebGPU, and shows frames the server rendered', async () => {
    const p = await chromium.browser.newPage();
    await watch(p);
    try {
      await p.evaluateOnNewDocument(() => {
        delete (Navigator.prototype as { gpu?: unknown }).gpu;
      });
      await p.goto(`${studio.server.url}&frame=40`, { waitUntil: 'load' });
      const f = await shown(p, 40);
      expect(await p.$eval('#picture', (c) => (c as HTMLCanvasElement).dataset.mode)).toBe('server');
      expect(await p.$eval('#notice', (e) => e.textContent)).toContain('no WebGPU');
      expect(f.sha256).toBe(await cliHash(40));
    } finally {
      await p.close();
    }
  });

  it('reached nothing but the studio on 127.0.0.1 (page, script, style, font, scene, frames)', () => {
    const paths = new Set(requests.map((u) => new URL(u).pathname));
    for (const p of ['/', '/studio.js', '/studio.css', '/font.ttf', '/info', '/scene', '/frame'])
      expect(paths, p).toContain(p);
    expect(new Set(requests.map((u) => new URL(u).origin))).toEqual(new Set([studio.server.origin]));
  });
});
