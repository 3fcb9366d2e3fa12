import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { DawnHost } from '../../src/host/dawn/dawn-host.js';
import { FrameAssembler } from '../../src/render/frame-assembler.js';
import { encodeScene } from '../../src/scene/scene-data.js';
import { lacking, machineLacks, sha256, syntheticScene } from '../helpers/gpu.js';
import { goldenFrames } from '../helpers/golden.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'portglow-dawn-'));

function genFrames(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

function manifest(dir: string): {
  adapter: string;
  options: object;
  frames: { index: number; digest: string }[];
} {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

describe('the Dawn host (--gpu-host node) gives the bytes of the Chromium host', () => {
  // The golden sets on this host, and a range alone: test/host/golden-frames.test.ts.
  const scene = syntheticScene(42, 320, 180);
  const golden = goldenFrames('ports-320x180-seed42');

  /** A Dawn host, or a failure in CI / a skip elsewhere when this machine has no adapter for it. */
  async function startDawn(ctx: TestContext): Promise<DawnHost> {
    // The encoded scene, as the CLI passes it.
    return DawnHost.start({ scene: encodeScene(scene) }).catch((e) => {
      const why = machineLacks(e);
      throw why ? lacking(ctx, why) : e;
    });
  }

  it('stops a run early, then renders another range on the same host', async (ctx) => {
    const host = await startDawn(ctx);
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

  it("keeps Dawn's polling gentle while it renders on SwiftShader, busy where PORTGLOW_DAWN_POLL says so", async (ctx) => {
    const real = globalThis.setImmediate;
    for (const mode of [undefined, 'busy'] as const) {
      if (mode) process.env.PORTGLOW_DAWN_POLL = mode;
      try {
        const host = await startDawn(ctx);
        try {
          const asm = new FrameAssembler(320, 180);
          for await (const p of host.frames(0, 3))
            expect(sha256(asm.apply(p)), `frame ${p.frame}`).toBe(golden[p.frame]);
          // SwiftShader is a fallback adapter: its polls wait a timer for the host's life, unless
          // overridden (a real GPU on many cores would spin: rendersGently's own test).
          if (mode === 'busy' || host.adapter.includes('swiftshader'))
            expect(globalThis.setImmediate === real, `PORTGLOW_DAWN_POLL=${mode}`).toBe(mode === 'busy');
        } finally {
          await host.close();
        }
        expect(globalThis.setImmediate).toBe(real);
      } finally {
        delete process.env.PORTGLOW_DAWN_POLL;
      }
    }
  });

  // How long the process takes to exit (nothing of Dawn's may keep it alive) is measured by the bench.
  it('gen-frames --gpu-host node writes the manifest of --gpu-host chromium', (ctx) => {
    const args = ['--seed', '42', '--size', '320x180', '--frames', '0-29', '--format', 'png'];
    const node = tmp();
    const chromium = tmp();
    const a = genFrames([...args, '--gpu-host', 'node', '--out', node]);
    if (a.code === 2 && /No WebGPU adapter|webgpu/.test(a.stderr)) lacking(ctx, a.stderr.trim());
    expect(a.code, a.stderr).toBe(0);
    const b = genFrames([...args, '--gpu-host', 'chromium', '--out', chromium]);
    expect(b.code, b.stderr).toBe(0);
    const [m, c] = [manifest(node), manifest(chromium)];
    expect(m.frames).toHaveLength(30);
    expect(m.frames).toEqual(c.frames);
    // The options do not name the host, so outputs of either host compare and join.
    expect(m.options).toEqual(c.options);
    expect(m.adapter).not.toBe('');
  });
});
