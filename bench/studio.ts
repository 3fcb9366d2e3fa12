import { existsSync } from 'node:fs';
import { startStudio } from '../src/cli/studio-command.js';
import { chromiumPath, launchChromium } from '../src/host/chromium/launch-chromium.js';
import type { Row } from './render.js';

const INPUT = process.env.PORTGLOW_STUDIO_INPUT ?? '/work/shared/data/marx-cc.csv.gz';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The studio at 720p on the real data: from a click on the scrubber to the frame on screen (wall
 * time seen from Node, and the page's own seek-to-shown time), over seeks spread across the span.
 */
export async function benchStudio(): Promise<Row[]> {
  if (!existsSync(INPUT)) {
    console.error(`bench: studio skipped (no ${INPUT}; set PORTGLOW_STUDIO_INPUT)`);
    return [];
  }
  const studio = await startStudio(['--input', INPUT, '--preset', '720p'], () => undefined);
  const chromium = await launchChromium(chromiumPath());
  try {
    const page = (await chromium.browser.pages())[0] ?? (await chromium.browser.newPage());
    await page.setViewport({ width: 1600, height: 900 });
    const t0 = performance.now();
    await page.goto(`${studio.server.url}&frame=0`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('picture')?.dataset.frame === '0', { timeout: 600_000 });
    const open = performance.now() - t0;
    const box = (await (await page.$('#scrubber'))!.boundingBox())!;
    const wall: number[] = [];
    const inPage: number[] = [];
    for (const at of [0.13, 0.29, 0.41, 0.57, 0.66, 0.78, 0.92, 0.35]) {
      const before = await page.$eval('#picture', (c) => (c as HTMLElement).dataset.frame);
      const t = performance.now();
      await page.mouse.click(box.x + box.width * at, box.y + box.height / 2);
      await page.waitForFunction((b) => document.getElementById('picture')?.dataset.frame !== b, { timeout: 60_000 }, before);
      wall.push(performance.now() - t);
      inPage.push(Number(await page.$eval('#picture', (c) => (c as HTMLElement).dataset.ms)));
    }
    return [
      { name: 'studio 720p real data: page open to first frame', value: open, unit: 'ms' },
      { name: 'studio 720p real data: seek (click) to frame shown, median', value: median(wall), unit: 'ms' },
      { name: 'studio 720p real data: seek to frame shown, worst', value: Math.max(...wall), unit: 'ms' },
      { name: 'studio 720p real data: render+hash+draw in page, median', value: median(inPage), unit: 'ms' },
    ];
  } finally {
    await chromium.close();
    await studio.close();
  }
} // prettier-ignore
