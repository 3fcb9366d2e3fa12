import { describe, expect, it } from 'vitest';
import { TILE } from '../../src/gpu/abi.js';
import type { FrameSink } from '../../src/encode/frame-sink.js';
import { frameDigest } from '../../src/frame-hash.js';
import type { GpuHost } from '../../src/host/gpu-host.js';
import { renderFrames, type RenderJob } from '../../src/render/render-frames.js';

/**
 * The render loop's order of work around a first frame drawn on the CPU (drawOnCpu), with a stand-in
 * host whose frame f is every byte f: which frames come from where, when the host starts, what the
 * sinks get. The CPU frame core itself is checked against the GPU's golden frames in
 * test/host/golden-frames.test.ts.
 */
const [W, H] = [2 * TILE, TILE]; // two tiles
const bytesOf = (f: number) => Buffer.alloc(W * H * 4, f);

function job(log: string[], from: number, to: number, extra: Partial<RenderJob> = {}): RenderJob {
  const host: GpuHost = {
    adapter: 'stand-in',
    async *frames(a, b) {
      log.push(`host frames ${a}-${b}`);
      for (let f = a; f <= b; f++) {
        yield {
          frame: f,
          tiles: Uint32Array.from([0, 1]),
          pixels: new Uint8Array(2 * TILE * TILE * 4).fill(f),
        };
      }
    },
    close: async () => void log.push('host closed'),
  };
  const sink: FrameSink = {
    wantsExisting: false,
    write: async (f, rgba) => {
      // Every byte of the frame is f, whichever way it was made.
      log.push(`write ${f}${rgba.equals(bytesOf(f)) ? '' : ' (wrong bytes)'}`);
    },
    // After the host: an MP4's closing check then runs without it (render-frames.ts).
    close: async () => void log.push('sinks closed'),
    abort: async () => undefined,
  };
  return {
    startHost: async () => {
      log.push('host started');
      return host;
    },
    size: { width: W, height: H },
    from,
    to,
    sinks: [sink],
    drawOnCpu: (f, into) => {
      log.push(`cpu draws ${f}`);
      into.fill(f);
    },
    ...extra,
  };
}

describe('renderFrames with a first frame drawn on the CPU', () => {
  it('draws the first frame before taking the host, which renders the rest; every frame recorded', async () => {
    const log: string[] = [];
    const r = await renderFrames(job(log, 3, 5));
    expect(log).toEqual([
      'cpu draws 3',
      'write 3',
      'host started',
      'host frames 4-5',
      'write 4',
      'write 5',
      'host closed',
      'sinks closed',
    ]);
    expect(r.frames.map((f) => f.index)).toEqual([3, 4, 5]);
    for (const f of r.frames) expect(f.digest).toBe(await frameDigest(bytesOf(f.index)));
  });

  it('never starts a host for a render of one frame', async () => {
    const log: string[] = [];
    const r = await renderFrames(job(log, 7, 7));
    expect(log).toEqual(['cpu draws 7', 'write 7', 'sinks closed']);
    expect(r.frames.map((f) => f.index)).toEqual([7]);
  });

  it('draws the first missing frame when earlier ones are reused, and only once a render', async () => {
    const log: string[] = [];
    const old = (f: number) => ({ digest: 'x'.repeat(32), load: async () => bytesOf(f) });
    // Frames 0-1 and 4 are on disk: the CPU draws 2, the host renders 3, then 5-6.
    const existing = new Map([0, 1, 4].map((f) => [f, old(f)]));
    await renderFrames(job(log, 0, 6, { existing }));
    expect(log).toEqual([
      'cpu draws 2',
      'write 2',
      'host started',
      'host frames 3-3',
      'write 3',
      'host frames 5-6',
      'write 5',
      'write 6',
      'host closed',
      'sinks closed',
    ]);
  });

  it('leaves every frame to a host already running, and to the host when drawOnCpu is not given', async () => {
    for (const extra of [{ host: undefined, drawOnCpu: undefined }, {}]) {
      const log: string[] = [];
      const j = job(log, 0, 1, extra);
      if (!('host' in extra)) j.host = await j.startHost();
      await renderFrames(j);
      expect(log.filter((l) => l.startsWith('cpu') || l.startsWith('host frames'))).toEqual([
        'host frames 0-1',
      ]);
    }
  });
});

describe('renderFrames with band workers', () => {
  it('records the digests a render without them records', async () => {
    const [w, h] = [5 * TILE - 3, 4 * TILE - 1]; // 20 tiles, cut on both axes
    // Frame f changes a few tiles, picked by f, to bytes picked by f; the first frame holds every tile.
    const host = (): GpuHost => ({
      adapter: 'stand-in',
      async *frames(a, b) {
        for (let f = a; f <= b; f++) {
          const tiles = [...Array(20).keys()].filter((t) => f === a || (t * 7 + f * 3) % 5 === 0);
          const pixels = Uint8Array.from(
            { length: tiles.length * TILE * TILE * 4 },
            (_, i) => (i * 13 + f * 29) & 255,
          );
          yield { frame: f, tiles: Uint32Array.from(tiles), pixels };
        }
      },
      close: async () => undefined,
    });
    const digests = async (bandThreads: number) => {
      const r = await renderFrames({ startHost: async () => host(), size: { width: w, height: h }, from: 0, to: 30, sinks: [], bandThreads }); // prettier-ignore
      return r.frames.map((f) => f.digest);
    };
    const without = await digests(0);
    expect(new Set(without).size).toBeGreaterThan(20);
    expect(await digests(3)).toEqual(without);
  });
});
