import { describe, expect, it } from 'vitest';
import type { PacketRow, Proto } from '../../src/ingest/packet-row.js';
import { buildScene } from '../../src/scene/build-scene.js';
import type { SceneData } from '../../src/scene/scene-data.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';
import { frameObjects } from '../../src/gpu/cpu-frame.js';
import { renderOnGpu } from '../helpers/gpu.js';
import { Marker } from '../../src/gpu/abi.js';

/** The picture driven by data, measured on frames rendered for real on the GPU (SwiftShader). */
const T0 = Date.UTC(2013, 6, 15) / 1000;
const W = 1280;
const H = 720;

function rows(spec: [bin: number, proto: Proto, port: number, packets: number][]): PacketRow[] {
  return spec.flatMap(([bin, proto, port, n]) =>
    Array.from({ length: n }, () => ({
      time: T0 + bin * 300,
      host: 'h',
      src: '1.2.3.4',
      cc: 'CN',
      proto,
      port,
    })),
  );
}

const TRAVEL = 4;
const DECAY = 10;
const scene = buildScene(
  buildTimeline(
    rows([
      [0, 'tcp', 80, 1],
      [0, 'udp', 53, 10],
      [2, 'tcp', 22, 60],
      [20, 'tcp', 1433, 50],
      [22, 'tcp', 3389, 100],
      [40, 'tcp', 443, 1],
    ]),
    { binSeconds: 300 },
  ),
  { width: W, height: H, seed: 5, travel: TRAVEL, decay: DECAY, title: 'test' },
);

function markerOfPort(s: SceneData, port: number): [number, number] {
  // Marker centres in 1/16 px; the label records name their marker, the text is the port number.
  for (let m = 0; m < s.markerCount; m++) {
    const x = s.words[s.markersOff + m * Marker.WORDS + Marker.X] >> 4;
    const y = s.words[s.markersOff + m * Marker.WORDS + Marker.Y] >> 4;
    if (portAt.get(`${x},${y}`) === port) return [x, y];
  }
  throw new Error(`no marker for port ${port}`);
}
// TCP ports are laid out in port order down the right-hand grid: 22, 80, 443, 1433, 3389.
const tcpPorts = [22, 80, 443, 1433, 3389];
const portAt = new Map<string, number>();
{
  const tcp: [number, number][] = [];
  for (let m = 0; m < scene.markerCount; m++) {
    const x = scene.words[scene.markersOff + m * Marker.WORDS + Marker.X] >> 4;
    if (x > W * 0.66) tcp.push([x, scene.words[scene.markersOff + m * Marker.WORDS + Marker.Y] >> 4]);
  }
  tcp.forEach(([x, y], i) => portAt.set(`${x},${y}`, tcpPorts[i]));
}

/** Lit pixels (brighter than the background by 40 on the sum of channels) near a point, and the brightest. */
function measure(frame: Buffer, [cx, cy]: [number, number], r = 26, ry = 11): { area: number; peak: number } {
  let area = 0;
  let peak = 0;
  for (let y = Math.max(0, cy - ry); y < Math.min(H, cy + ry); y++) {
    for (let x = Math.max(0, cx - r); x < Math.min(W, cx + r); x++) {
      const i = (y * W + x) * 4;
      const lum = frame[i] + frame[i + 1] + frame[i + 2];
      if (lum > 40 + 40) area++;
      peak = Math.max(peak, lum);
    }
  }
  return { area, peak };
}

describe('the picture follows the data', () => {
  it("a hit port's label swells and brightens, then decays back to its small dim idle form", async () => {
    const hit = 2 + TRAVEL - 1; // bin 2's bubble lands at frame 5
    const [frames] = await renderOnGpu(scene, [[hit - 1, hit + DECAY + 12]]);
    const p22 = markerOfPort(scene, 22);
    const before = measure(frames.get(hit - 1)!, p22);
    const hot = measure(frames.get(hit)!, p22);
    const later = measure(frames.get(hit + DECAY)!, p22);
    expect(hot.area).toBeGreaterThan(later.area * 1.3);
    expect(hot.peak).toBeGreaterThan(later.peak);
    expect(later).toEqual(before); // back to idle
    // An idle port (80: one packet at bin 0, long decayed) is as small and dim as 22 at rest.
    const idle = measure(frames.get(hit)!, markerOfPort(scene, 80));
    expect(idle.peak).toBeLessThan(hot.peak);
    expect(idle.area).toBeLessThan(hot.area);
  });

  it('bubble area doubles (±1 px of radius) when packets double', async () => {
    // 1433 gets 50 packets in bin 20, 3389 gets 100 in bin 22: both fly at frame 23.
    const objs = frameObjects(scene, 23).filter((o) => o[0] === 1);
    const radii = objs.map((o) => o[3] / 16).sort((a, b) => a - b);
    expect(radii).toHaveLength(2);
    expect(Math.abs(radii[1] - radii[0] * Math.SQRT2)).toBeLessThanOrEqual(1);
    // And on the GPU's pixels: the bigger bubble covers about twice the area.
    const [frames] = await renderOnGpu(scene, [[23, 23]]);
    const areas = objs
      .map(
        (o) =>
          measure(frames.get(23)!, [o[1] >> 4, o[2] >> 4], Math.ceil(o[3] / 16) + 2, Math.ceil(o[3] / 16) + 2)
            .area,
      )
      .sort((a, b) => a - b);
    expect(areas[1] / areas[0]).toBeGreaterThan(1.7);
    expect(areas[1] / areas[0]).toBeLessThan(2.3);
  });
});
