import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { PacketRow } from '../../src/ingest/packet-row.js';
import { parseIso } from '../../src/ingest/parse-time.js';
import { shardRange } from '../../src/render/frame-ranges.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';
import {
  checkRenderFrames,
  checkTimelineSpan,
  formatBin,
  formatBytes,
  MAX_BINS,
  MAX_RENDER_FRAMES,
} from '../../src/timeline/frame-budget.js';

const row = (time: number): PacketRow => ({
  time,
  cc: 'CN',
  proto: 'tcp',
  port: 22,
  host: 'a',
  src: '192.0.2.1',
});

function thrown(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('frame budget', () => {
  it('refuses rows spanning 1970 to 9999 with the numbers and the fix, before allocating per bin', () => {
    const rows = [row(0), row(parseIso('9999-12-31T23:59:59Z'))];
    const e = thrown(() => buildTimeline(rows, { binSeconds: 300 }));
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain("the input's rows cover 1970-01-01 to +010000-01-01");
    expect(e.message).toContain('844,674,336 frames');
    expect(e.message).toContain('338 GB');
    expect(e.message).toContain(`the limit is ${MAX_BINS.toLocaleString('en-US')} frames`);
    expect(e.message).toContain('--from/--to');
    expect(e.message).toContain('(--bin 7d makes 418,986 frames)');
  });

  it('refuses a --from/--to span given to the timeline', () => {
    const e = thrown(() =>
      buildTimeline([row(parseIso('2013-03-03'))], {
        binSeconds: 300,
        start: parseIso('0001-01-01'),
        end: parseIso('9999-12-31'),
      }),
    );
    expect(e.message).toMatch(
      /^--from\/--to cover 0001-01-01 to 9999-12-31: at --bin 5m that is 1,051,\d{3},\d{3} frames/,
    );
  });

  it('names a bin that fits when there is one, and accepts spans at the limit', () => {
    const start = parseIso('1990-01-01');
    const end = parseIso('2101-01-01');
    const e = thrown(() => checkTimelineSpan(start, end, 300, '--from/--to'));
    expect(e.message).toContain('11,676,096 frames'); // 40,542 days of 288 bins
    expect(e.message).toContain('(--bin 1h makes 973,008 frames)');
    expect(() => checkTimelineSpan(0, MAX_BINS * 300, 300, 'x')).not.toThrow();
    expect(() => checkTimelineSpan(0, MAX_BINS * 300 + 1, 300, 'x')).toThrow(UserError);
  });

  it('limits one render run and names a shard count whose shards fit', () => {
    expect(() => checkRenderFrames(0, MAX_RENDER_FRAMES - 1, 30)).not.toThrow();
    for (const [frames, gop] of [
      [MAX_RENDER_FRAMES + 1, 30],
      [MAX_RENDER_FRAMES * 2, 240],
      [999_999, 7],
    ]) {
      const e = thrown(() => checkRenderFrames(0, frames - 1, gop));
      const m = /--shard K\/(\d+)/.exec(e.message);
      expect(m, e.message).not.toBeNull();
      const n = Number(m![1]);
      for (let k = 0; k < n; k++) {
        const r = shardRange(0, frames - 1, k, n, gop);
        if (r) expect(r[1] - r[0] + 1).toBeLessThanOrEqual(MAX_RENDER_FRAMES);
      }
      expect(e.message).toContain(`${frames.toLocaleString('en-US')} frames`);
    }
  });

  it('formats bins and sizes the way the flags and people read them', () => {
    expect([300, 86400, 90, 3600, 604800].map(formatBin)).toEqual(['5m', '1d', '90s', '1h', '7d']);
    expect([999, 1500, 400e6, 3.37e11].map(formatBytes)).toEqual(['999 bytes', '1.5 kB', '400 MB', '337 GB']);
  });
});
