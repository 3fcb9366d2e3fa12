import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
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
import type { StudioInfo } from '../../harness/studio-types.js';
import { commandLine } from '../../harness/studio-words.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');
const SIZE = '320x180';
const BASE = ['--seed', '7', '--size', SIZE];

/** The SHA-256 of frame n's RGBA bytes as rendered by the CLI itself (cached per frame and words). */
const hashes = new Map<string, string>();
async function cliHash(n: number, words = BASE): Promise<string> {
  const key = JSON.stringify([n, words]);
  if (!hashes.has(key)) hashes.set(key, await renderHash(n, words));
  return hashes.get(key)!;
}

/** The SHA-256 of frame n's pixels as `gen-frames --frames n-n` writes them (what the page shows). */
async function renderHash(n: number, words: string[]): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'portglow-studio-')), 'out');
  const r = spawnSync(process.execPath, [BIN, ...words, '--frames', `${n}-${n}`, '--format', 'png', '--out', out], { encoding: 'utf8' }); // prettier-ignore
  expect(r.status, r.stderr).toBe(0);
  const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { frames: { index: number }[] };
  expect(m.frames.map((f) => f.index)).toEqual([n]);
  const rgba = await sharp(join(out, `frame-${String(n).padStart(6, '0')}.png`)).ensureAlpha().raw().toBuffer();
  return createHash('sha256').update(rgba).digest('hex');
} // prettier-ignore

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

describe('gen-frames studio', () => {
  let studio: Studio;
  let chromium: LaunchedChromium;
  let page: Page;
  let info: StudioInfo;
  const logs: string[] = [];

  beforeAll(async () => {
    studio = await startStudio(BASE, (l) => logs.push(l));
    chromium = await launchChromium(chromiumPath());
    page = (await chromium.browser.pages())[0] ?? (await chromium.browser.newPage());
    await page.setViewport({ width: 1100, height: 640 });
    const res = await fetch(new URL(`/info`, studio.server.origin), {
      headers: { 'x-portglow-token': new URL(studio.server.url).searchParams.get('token')! },
    });
    info = (await res.json()) as StudioInfo;
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
    const t = new Date((info.start + 12 * info.binSeconds + 17) * 1000).toISOString();
    await page.goto(`${studio.server.url}&t=${t}`, { waitUntil: 'load' });
    const f12 = await shown(page, 12);
    expect(f12.sha256).toBe(await cliHash(12));

    // A click on the scrubber at 3/4 of its width.
    const box = (await (await page.$('#scrubber'))!.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    await page.waitForFunction(() => document.getElementById('picture')!.dataset.frame !== '12', {
      timeout: 60_000,
    });
    const want = (await shown(page)).frame;
    expect(Math.abs(want - 0.75 * info.frames)).toBeLessThanOrEqual(1.5);
    const fs = await shown(page, want);
    expect(fs.sha256).toBe(await cliHash(want));
    // Nothing beyond the studio's own server was loaded (the font included).
    const origins = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => new URL(e.name).origin),
    );
    expect(origins.length).toBeGreaterThan(0);
    expect(new Set(origins)).toEqual(new Set([studio.server.origin]));
  });

  it('steps with the arrow keys, plays at the video fps, and jumps to a clicked event', async () => {
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
    const ev = info.events[info.events.length - 1];
    await page.click(`#events button[data-frame="${ev.frame}"]`);
    const fe = await shown(page, ev.frame);
    expect(fe.sha256).toBe(await cliHash(ev.frame));
    expect(await page.$eval('#events button.here', (b) => (b as HTMLElement).dataset.frame)).toBe(String(ev.frame));
    const shot = join(mkdtempSync(join(tmpdir(), 'portglow-studio-')), 'studio.png');
    await page.screenshot({ path: shot as `${string}.png` });
    // PORTGLOW_STUDIO_SCREENSHOT=docs/studio.png refreshes the README's picture.
    if (process.env.PORTGLOW_STUDIO_SCREENSHOT) copyFileSync(shot, process.env.PORTGLOW_STUDIO_SCREENSHOT);
  }); // prettier-ignore

  it('edits the picture options and shows the command line that renders exactly what is on screen', async () => {
    await page.goto(`${studio.server.url}&frame=30`, { waitUntil: 'load' });
    const before = await shown(page, 30);
    expect(await page.$eval('#command', (e) => e.textContent)).toBe(commandLine(BASE));
    // A bad value is refused with the flag's own message; the picture stays.
    await page.$eval('#options input[name=travel]', (e) => ((e as HTMLInputElement).value = '0'));
    await page.click('#apply');
    await page.waitForFunction(() => document.getElementById('notice')!.textContent!.includes('travel'), { timeout: 60_000 });
    await page.$eval('#options input[name=travel]', (e) => ((e as HTMLInputElement).value = '6'));
    await page.$eval('#options input[name=theme]', (e) => ((e as HTMLInputElement).value = 'light'));
    await page.$eval('#options input[name=callouts]', (e) => ((e as HTMLInputElement).checked = false));
    await page.click('#apply');
    const words = [...BASE, '--travel', '6', '--theme', 'light', '--no-callouts'];
    await page.waitForFunction((c) => document.getElementById('command')!.textContent === c, { timeout: 60_000 }, commandLine(words));
    await page.waitForFunction((b) => { const d = document.getElementById('picture')!.dataset; return d.frame === '30' && d.sha256 !== b; }, { timeout: 60_000 }, before.sha256);
    const after = await shown(page, 30);
    expect(after.sha256).toBe(await cliHash(30, words));
  }); // prettier-ignore

  it('says so where the browser has no WebGPU, and shows frames the server rendered', async () => {
    const p = await chromium.browser.newPage();
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
});
