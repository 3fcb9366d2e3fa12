import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostStarter } from '../../src/cli/host-starter.js';
import { ChromiumHost } from '../../src/host/chromium/chromium-host.js';
import { renderFrames } from '../../src/render/render-frames.js';
import { encodeScene } from '../../src/scene/scene-data.js';
import { lacking, machineLacks, sha256Sink, syntheticScene } from '../helpers/gpu.js';
import { GOLDEN_DIR } from '../helpers/golden.js';
import { processes } from '../host/chromium-processes.js';

const golden: Record<string, string> = JSON.parse(
  readFileSync(join(GOLDEN_DIR, 'ports-320x180-seed42.json'), 'utf8'),
).frames;
const LAST = 5;

describe('HostStarter (Chromium launched before the scene is built)', () => {
  it('renders the golden frames once the scene comes, and a restarted host gets the same scene', async () => {
    const hosts = new HostStarter({ gpuHost: 'chromium', log: () => undefined });
    await hosts.launch();
    // Let the page get as far as it can without the scene (it waits on the request).
    await new Promise((r) => setTimeout(r, 500));
    hosts.setScene(encodeScene(syntheticScene(42, 320, 180)));
    const hashes: Record<string, string> = {};
    const started: ChromiumHost[] = [];
    const result = await renderFrames({
      startHost: async () => {
        const h = (await hosts.start()) as ChromiumHost;
        started.push(h);
        // The early host dies before its first frame: the next one is a fresh launch with the scene.
        if (started.length === 1) process.kill(-h.pid, 'SIGKILL');
        return h;
      },
      size: { width: 320, height: 180 },
      from: 0,
      to: LAST,
      sinks: [sha256Sink(hashes)],
    });
    await hosts.close();
    const want = Object.fromEntries(Object.entries(golden).filter(([f]) => Number(f) <= LAST));
    expect(hashes).toEqual(want);
    expect(result.frames.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect([started.length, result.restarts]).toEqual([2, 1]);
  }, 120_000);

  it('closing before the scene is built ends the launch: no browser or profile is left', async () => {
    const hosts = new HostStarter({ gpuHost: 'chromium', log: () => undefined });
    await hosts.launch();
    const early = (hosts as unknown as { early: Promise<unknown> }).early;
    await hosts.close();
    // The launch failed (the page got no scene), so there is no host to take; nothing of it runs.
    await expect(early).rejects.toThrow();
    // Profile folders of this process (src/host/chromium/chromium-profile.ts names them so).
    const mine = `portglow-chromium-${process.pid}-`;
    expect(processes().filter((p) => p.cmdline.includes(mine))).toEqual([]);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(mine))).toEqual([]);
  }, 120_000);

  it('Dawn (--gpu-host node): the device opened before the scene renders the golden frames', async (ctx) => {
    const realImmediate = globalThis.setImmediate;
    const hosts = new HostStarter({ gpuHost: 'node', log: () => undefined });
    hosts.openDevice();
    // The device and its compile are under way before there is a scene.
    const opened = (hosts as unknown as { dawn: Promise<unknown> }).dawn;
    expect(opened).toBeDefined();
    await opened.catch((e) => {
      const why = machineLacks(e);
      throw why ? lacking(ctx, why) : e;
    });
    hosts.setScene(encodeScene(syntheticScene(42, 320, 180)));
    const hashes: Record<string, string> = {};
    try {
      await renderFrames({
        startHost: () => hosts.start(),
        size: { width: 320, height: 180 },
        from: 0,
        to: LAST,
        sinks: [sha256Sink(hashes)],
      });
    } finally {
      await hosts.close();
    }
    const want = Object.fromEntries(Object.entries(golden).filter(([f]) => Number(f) <= LAST));
    expect(hashes).toEqual(want);
    // The start's gentle polling (src/host/dawn/gentle-polling.ts) ended with the host.
    expect(globalThis.setImmediate).toBe(realImmediate);
  }, 120_000);

  it('Dawn: a device opened but never taken is destroyed by close()', async (ctx) => {
    const realImmediate = globalThis.setImmediate;
    const hosts = new HostStarter({ gpuHost: 'node', log: () => undefined });
    hosts.openDevice();
    const opened = (hosts as unknown as { dawn: Promise<{ device: GPUDevice }> }).dawn;
    const { device } = await opened.catch((e) => {
      const why = machineLacks(e);
      throw why ? lacking(ctx, why) : e;
    });
    await hosts.close();
    // A destroyed device is lost, for the reason "destroyed".
    expect((await device.lost).reason).toBe('destroyed');
    expect(globalThis.setImmediate).toBe(realImmediate);
  }, 120_000);
});
