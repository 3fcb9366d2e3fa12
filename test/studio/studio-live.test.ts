/**
 * `gen-frames studio --follow`: the server reads a growing input again, and the page's live button
 * shows the newest closed frame, moving on as rows arrive.
 */
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  chromiumPath,
  launchChromium,
  type LaunchedChromium,
} from '../../src/host/chromium/launch-chromium.js';
import { startStudio, type Studio } from '../../src/cli/studio-command.js';
import type { StudioInfo } from '../../harness/studio-types.js';

const T0 = Date.parse('2024-03-01T12:00:00Z') / 1000;
const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
function rows(a: number, b: number): string {
  let s = '';
  for (let t = a; t < b; t++)
    s += `${iso(T0 + t)},198.51.100.${t + 1},tcp,${[22, 80, 443][t % 3]},${['CN', 'US'][t % 2]}\n`;
  return s;
}

let studio: Studio | undefined;
let chromium: LaunchedChromium | undefined;
afterAll(async () => {
  await chromium?.close();
  await studio?.close();
});

describe('gen-frames studio --follow', () => {
  it('a live button shows the newest closed frame and follows it as rows arrive', async () => {
    const grow = join(mkdtempSync(join(tmpdir(), 'portglow-studio-live-')), 'grow.csv');
    writeFileSync(grow, `time,src,proto,dport,cc\n${rows(0, 20)}`);
    studio = await startStudio(['--input', grow, '--bin', '5s', '--size', '320x180'], () => undefined, { follow: true }); // prettier-ignore
    const token = new URL(studio.server.url).searchParams.get('token')!;
    const info = async () =>
      (await (await fetch(new URL('/info', studio!.server.origin), { headers: { 'x-portglow-token': token } })).json()) as StudioInfo; // prettier-ignore
    // Rows up to 12:00:19: bins 0-2 are closed, bin 3 may still get rows.
    expect(await info()).toMatchObject({ live: true, closed: 2, frames: 4 });

    chromium = await launchChromium(chromiumPath());
    const page = (await chromium.browser.pages())[0] ?? (await chromium.browser.newPage());
    await page.goto(studio.server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(await page.$eval('#live', (b) => (b as HTMLButtonElement).hidden)).toBe(false);
    const frameShown = (n: number) =>
      page.waitForFunction((want) => document.getElementById('picture')?.dataset.frame === String(want), { timeout: 60_000 }, n); // prettier-ignore
    await page.click('#live');
    await frameShown(2);
    expect(await page.$eval('#live', (b) => (b as HTMLButtonElement).dataset.live)).toBe('true');

    appendFileSync(grow, rows(20, 40));
    await frameShown(6);
    expect(await info()).toMatchObject({ closed: 6, frames: 8 });
  });
});
