import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumHost } from '../../src/host/chromium/chromium-host.js';
import type { PacketRow, Proto } from '../../src/ingest/packet-row.js';
import { FrameAssembler } from '../../src/render/frame-assembler.js';
import { buildScene } from '../../src/scene/build-scene.js';
import { encodeScene } from '../../src/scene/scene-data.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';
import { cpuFrame } from '../../src/gpu/cpu-frame.js';

const T0 = Date.UTC(2013, 6, 15) / 1000;

/** Small random traffic: a few countries and ports, bursts of 1 to 5,000 packets, over up to 12 bins. */
const rowsArb = fc.array(
  fc.record({
    bin: fc.integer({ min: 0, max: 11 }),
    cc: fc.constantFrom('CN', 'US', 'BR', 'RU', 'KR', 'DE', 'ZZ'),
    proto: fc.constantFrom<Proto>('tcp', 'udp', 'icmp'),
    port: fc.oneof(
      fc.constantFrom(22, 23, 53, 80, 445, 1433, 3389, 5060),
      fc.integer({ min: 0, max: 65535 }),
    ),
    packets: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 100, max: 5000 })),
  }),
  { minLength: 1, maxLength: 25 },
);

const sceneArb = fc.record({
  rows: rowsArb,
  width: fc.integer({ min: 16, max: 56 }).map((v) => v * 2),
  height: fc.integer({ min: 16, max: 40 }).map((v) => v * 2),
  seed: fc.nat(),
  travel: fc.integer({ min: 1, max: 8 }),
  decay: fc.integer({ min: 1, max: 8 }),
});

/**
 * Scenes per run. Loading a scene compiles every pipeline again (about 1.7 s on SwiftShader) while a
 * frame of these small scenes takes a few milliseconds, so each scene is checked at every one of its
 * frames (at most 12) rather than at one sampled frame. The nightly/bench run can ask for more.
 */
const RUNS = Number(process.env.PORTGLOW_PROPERTY_RUNS ?? 30);

function toRows(
  spec: { bin: number; cc: string; proto: Proto; port: number; packets: number }[],
): PacketRow[] {
  return spec.flatMap((s) =>
    Array.from({ length: s.packets }, () => ({
      time: T0 + s.bin * 300,
      host: 'h',
      src: '10.0.0.1',
      cc: s.cc,
      proto: s.proto,
      port: s.proto === 'icmp' ? 8 : s.port,
    })),
  );
}

describe('GPU core ⇔ CPU reference on generated scenes', () => {
  let host: ChromiumHost;
  beforeAll(async () => {
    host = await ChromiumHost.start({ scene: encodeScene(buildScene(buildTimeline(toRows([{ bin: 0, cc: 'CN', proto: 'tcp', port: 22, packets: 1 }]), { binSeconds: 300 }), { width: 32, height: 32, seed: 1, travel: 2, decay: 2 })) }); // prettier-ignore
  });
  afterAll(() => host?.close());

  it(`matches byte for byte on ${RUNS} scenes, each frame whole and after its previous frame`, async () => {
    expect(Number.isSafeInteger(RUNS) && RUNS > 0, 'PORTGLOW_PROPERTY_RUNS is a whole number').toBe(true);
    await fc.assert(
      fc.asyncProperty(sceneArb, async (p) => {
        const timeline = buildTimeline(toRows(p.rows), { binSeconds: 300 });
        const scene = buildScene(timeline, p);
        await host.setScene(encodeScene(scene));
        for (let f = 0; f < scene.frameCount; f++) {
          const asm = new FrameAssembler(scene.width, scene.height);
          for await (const patch of host.frames(Math.max(0, f - 1), f)) {
            const got = asm.apply(patch);
            expect(got.equals(cpuFrame(scene, patch.frame)), `frame ${patch.frame}`).toBe(true);
          }
        }
      }),
      { numRuns: RUNS, seed: 20131107 },
    );
    // About a minute on the busy 2-core machine; shrinking a failure takes longer than the default limit.
  }, 600_000);
});
