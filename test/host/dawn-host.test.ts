import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { DawnHost } from '../../src/host/dawn/dawn-host.js';
import { FrameAssembler } from '../../src/render/frame-assembler.js';
import { encodeScene } from '../../src/scene/scene-data.js';
import { UserError } from '../../src/errors.js';
import { renderOnDawn, sha256, syntheticScene } from '../helpers/gpu.js';
import { GOLDEN_DIR } from '../helpers/golden.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');
const golden: Record<string, string> = JSON.parse(
  readFileSync(join(GOLDEN_DIR, 'ports-320x180-seed42.json'), 'utf8'),
).frames;
const tmp = () => mkdtempSync(join(tmpdir(), 'portglow-dawn-'));

function genFrames(args: string[]) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, seconds: (performance.now() - t0) / 1000 };
}

function manifest(dir: string): {
  adapter: string;
  options: object;
  frames: { index: number; digest: string }[];
} {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

describe('the Dawn host (--gpu-host node) gives the bytes of the Chromium host', () => {
  const scene = syntheticScene(42, 320, 180);
  /** Why Dawn has no adapter here, when it has none. */
  let unavailable: string | undefined;

  beforeAll(async () => {
    try {
      await (await DawnHost.start({ scene })).close();
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      unavailable = e.message;
    }
  });

  /** No adapter: a failure in CI (the machine is meant to have one), a skip with the reason elsewhere. */
  function needDawn(ctx: TestContext): void {
    if (!unavailable) return;
    const why = `Dawn (--gpu-host node) has no WebGPU adapter on this machine: ${unavailable}`;
    if (process.env.CI && process.env.CI !== 'false') throw new Error(why);
    ctx.skip(why);
  }

  it('renders the golden set (seed 42, 320x180, frames 0-199) with the same SHA-256 per frame', async (ctx) => {
    needDawn(ctx);
    const [full, partial] = await renderOnDawn(scene, [
      [0, 199],
      [100, 109],
    ]);
    expect(full.size).toBe(200);
    const hashes = Object.fromEntries([...full].map(([f, b]) => [String(f), sha256(b)]));
    expect(hashes).toEqual(golden);
    // A range alone, on this host too, equals the same frames inside the longer render.
    for (let f = 100; f <= 109; f++) expect(sha256(partial.get(f)!), `frame ${f}`).toBe(golden[f]);
  });

  it('stops a run early, then renders another range on the same host', async (ctx) => {
    needDawn(ctx);
    // The encoded scene, as the CLI passes it.
    const host = await DawnHost.start({ scene: encodeScene(scene) });
    try {
      for await (const p of host.frames(0, 199)) if (p.frame === 5) break;
      const asm = new FrameAssembler(320, 180);
      const seen: number[] = [];
      for await (const p of host.frames(150, 159)) {
        seen.push(p.frame);
        expect(sha256(asm.apply(p)), `frame ${p.frame}`).toBe(golden[p.frame]);
      }
      expect(seen).toEqual([150, 151, 152, 153, 154, 155, 156, 157, 158, 159]);
    } finally {
      await host.close();
    }
  });

  it('gen-frames --gpu-host node writes the manifest of --gpu-host chromium, and exits promptly', (ctx) => {
    needDawn(ctx);
    const args = ['--seed', '42', '--size', '320x180', '--frames', '0-29', '--format', 'png'];
    const node = tmp();
    const chromium = tmp();
    const a = genFrames([...args, '--gpu-host', 'node', '--out', node]);
    expect(a.code, a.stderr).toBe(0);
    const b = genFrames([...args, '--gpu-host', 'chromium', '--out', chromium]);
    expect(b.code, b.stderr).toBe(0);
    const [m, c] = [manifest(node), manifest(chromium)];
    expect(m.frames).toHaveLength(30);
    expect(m.frames).toEqual(c.frames);
    // The options do not name the host, so outputs of either host compare and join.
    expect(m.options).toEqual(c.options);
    expect(m.adapter).not.toBe('');
    // Nothing of Dawn's keeps the process alive (main.ts would force an exit after 3 s).
    expect(a.seconds).toBeLessThan(20);
  });
});
