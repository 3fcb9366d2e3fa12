import { describe, expect, it } from 'vitest';
import { eventsCommand } from '../../src/cli/events-command.js';
import { renderCommand } from '../../src/cli/render-command.js';
import { frameSize } from '../../src/cli/render-options.js';
import { DEFAULT_THRESHOLDS } from '../../src/events/detect-events.js';
import { parsedArgv } from '../helpers/argv.js';
import { glowLevel } from '../../src/gpu/cpu-frame.js';

/**
 * The defaults the README and docs promise, as literals copied from the documents (not from the
 * code): a changed default must change this file and the document together.
 */
describe('documented defaults', () => {
  it('event thresholds: scan window 30m, 25 ports or 8 hosts; flood 100 packets and 20× the baseline (README)', () => {
    expect(DEFAULT_THRESHOLDS).toMatchObject({
      scanWindow: 30 * 60,
      scanPorts: 25,
      scanHosts: 8,
      floodPackets: 100,
      floodFactor: 20,
      floodBin: 5 * 60,
    });
  });

  it('gen-frames events without flags uses them', async () => {
    const argv = await parsedArgv(eventsCommand, ['events']);
    expect(argv).toMatchObject({
      scanWindow: 1800,
      scanPorts: 25,
      scanHosts: 8,
      floodPackets: 100,
      floodFactor: 20,
      bin: 300,
    });
  });

  it('a render: one frame per five minutes, seed 42, 30 fps, 1080p, a bubble flies 12 frames, a port glows 24 (README, docs/kubernetes.md)', async () => {
    const argv = await parsedArgv(renderCommand, []);
    expect(argv).toMatchObject({ bin: 300, seed: 42, fps: 30, travel: 12, decay: 24, format: 'both' });
    expect(frameSize(argv)).toEqual([1920, 1080]);
  });

  it('glow moves in 16 steps (README): 16 levels above idle, evenly spaced, the last one full', () => {
    const levels = new Set<number>();
    for (let g = 0; g <= 5000; g++) levels.add(glowLevel(g));
    const lit = [...levels].filter((l) => l > 0).sort((a, b) => a - b);
    expect(levels.has(0)).toBe(true);
    expect(lit).toHaveLength(16);
    expect(lit.map((l) => l / lit[0])).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(glowLevel(lit[0] - 1)).toBe(0); // below the first step nothing glows
  });
});
