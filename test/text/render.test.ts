import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../src/text/font-atlas.js';
import { layoutText } from '../../src/text/layout-text.js';
import { drawText } from './sdf-render.js';

const OUT = join(import.meta.dirname, '..', '..', 'test-output', 'text');

describe('SDF text read back on the CPU', () => {
  it('renders "Hello 443" at 12, 24 and 48 px with solid ink and a clean background', async () => {
    const regular = buildAtlas();
    const bold = buildAtlas({ bold: true });
    const W = 720;
    const H = 300;
    const img = new Uint8Array(W * H);
    const lines: [typeof regular, string, number][] = [
      [regular, 'Hello 443', 12],
      [regular, 'Hello 443', 24],
      [regular, 'Hello 443', 48],
      [bold, 'Hello 443 → 22/tcp · 8080 – 3389 × 12', 24],
      [regular, '0123456789 :;,. ABCDEFGHIJKLMNOPQRSTUVWXYZ', 16],
      [regular, 'abcdefghijklmnopqrstuvwxyz !"#$%&\'()*+-/<=>?@[\\]^_`{|}~', 16],
      [regular, 'ssh 22/tcp → 10.0.0.1:443  http×3 · 9 px', 9],
    ];
    let baseline = 8;
    const boxes: { x0: number; x1: number; y0: number; y1: number }[] = [];
    for (const [a, text, px] of lines) {
      const lay = layoutText(a, text, px * 16);
      baseline += Math.ceil(lay.ascent / 16) + 2;
      drawText(img, W, H, a, text, px * 16, 8 * 16, baseline * 16);
      boxes.push({
        x0: 8,
        x1: 8 + lay.width / 16,
        y0: baseline - lay.ascent / 16,
        y1: baseline + lay.descent / 16,
      });
      baseline += Math.ceil(lay.descent / 16) + 4;
    }
    mkdirSync(OUT, { recursive: true });
    await sharp(Buffer.from(img), { raw: { width: W, height: H, channels: 1 } })
      .png()
      .toFile(join(OUT, 'hello.png'));
    // A 4× nearest-neighbour blow-up of the small lines, to inspect individual pixels.
    await sharp(Buffer.from(img), { raw: { width: W, height: H, channels: 1 } })
      .extract({ left: 0, top: 0, width: 180, height: 80 })
      .resize(720, 320, { kernel: 'nearest' })
      .png()
      .toFile(join(OUT, 'hello-zoom.png'));

    // Each line: solid ink inside its box, and nothing outside every box.
    const inBox = (x: number, y: number) =>
      boxes.some((b) => x + 1 >= b.x0 && x <= b.x1 + 1 && y + 1 >= b.y0 && y <= b.y1 + 1);
    for (const [k, b] of boxes.entries()) {
      let solid = 0;
      let ink = 0;
      for (let y = Math.floor(b.y0); y < Math.ceil(b.y1); y++)
        for (let x = Math.floor(b.x0); x < Math.ceil(b.x1); x++) {
          const v = img[y * W + x];
          if (v >= 200) solid++;
          if (v > 0) ink++;
        }
      const area = (b.x1 - b.x0) * (b.y1 - b.y0);
      expect(solid, `line ${k}`).toBeGreaterThan(0);
      expect(ink / area, `line ${k}`).toBeGreaterThan(0.1);
      expect(ink / area, `line ${k}`).toBeLessThan(0.6);
    }
    let stray = 0;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (img[y * W + x] > 0 && !inBox(x, y)) stray++;
    expect(stray).toBe(0);
    expect(img[0]).toBe(0);
    expect(img[W * H - 1]).toBe(0);

    // 'Hello 443' at 48 px: the stems of 'H' and 'l' are wider than 3 px of solid ink.
    const b48 = boxes[2];
    const row = Math.round(b48.y1 - (b48.y1 - b48.y0) * 0.45);
    let longest = 0;
    let run = 0;
    for (let x = 0; x < W; x++) {
      run = img[row * W + x] >= 250 ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeGreaterThanOrEqual(3);
  });
});
