/**
 * Bounds at the command line (built CLI, as a user runs it): stray words and unknown commands are
 * errors, never a default render; spans too long for their bin are refused before the input is read
 * or anything is allocated per frame; rows outside the time window are counted rejects.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARX_CC } from '../ingest/real-data.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');

function genFrames(args: string[], cwd = mkdtempSync(join(tmpdir(), 'portglow-bounds-'))) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, timeout: 60_000 });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout, cwd };
}

function expectUserError(r: ReturnType<typeof genFrames>, message: string | RegExp) {
  expect(r.code, r.stderr).toBe(1);
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.stderr).not.toContain('internal error');
}

const tmp = mkdtempSync(join(tmpdir(), 'portglow-bounds-'));
const SPANNING = join(tmp, 'spanning.csv');
writeFileSync(
  SPANNING,
  'time,src,proto,dport\n1970-01-01T00:00:00Z,192.0.2.1,tcp,22\n9999-12-31T23:59:59Z,192.0.2.1,tcp,22\n' +
    '2013-03-03T12:00:00Z,192.0.2.1,tcp,22\n',
);

describe('gen-frames bounds', () => {
  it.each([
    [['render'], 'Unknown argument: render. Neither a command (the commands are stats, events, concat'],
    [['stat'], '"stat" (did you mean "stats"?)'],
    [['stats', 'extra'], 'Unknown argument: extra'],
    [['--sed', '4'], '--sed (did you mean --seed?)'],
    [['--frames', '0-3', 'out'], 'Unknown argument: out'],
  ])('refuses %j with a message, and renders nothing into ./out', (args, message) => {
    const r = genFrames(args);
    expectUserError(r, message);
    expect(existsSync(join(r.cwd, 'out'))).toBe(false);
  });

  it('refuses --from 0001-01-01 --to 9999-12-31 before reading anything, with the numbers and the fix', () => {
    const r = genFrames(['--from', '0001-01-01', '--to', '9999-12-31', '--input', join(tmp, 'absent.csv')]);
    expectUserError(
      r,
      /^gen-frames: --from\/--to cover 0001-01-01 to 9999-12-31: at --bin 5m that is 1,051,\d{3},\d{3} frames \(one per bin\), about 421 GB of memory; the limit is 1,000,000 frames \(about 400 MB\)\. Choose a shorter span with --from\/--to, or a larger bin \(--bin 7d makes 521,\d{3} frames\)\.\n$/,
    );
    expect(existsSync(join(r.cwd, 'out'))).toBe(false);
  });

  it('refuses the same span on the real data (when present) and on the synthetic input', () => {
    const args = ['--from', '0001-01-01', '--to', '9999-12-31', '--format', 'png'];
    if (existsSync(MARX_CC)) expectUserError(genFrames([...args, '--input', MARX_CC]), '1,051,');
    expectUserError(genFrames(args), 'the limit is 1,000,000 frames');
  });

  it('rejects rows outside the time window as counted rejects', () => {
    const r = genFrames(['stats', '--input', SPANNING, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const stats = JSON.parse(r.stdout);
    expect(stats.rows).toMatchObject({ read: 3, accepted: 1, rejected: 2 });
    expect(stats.rejectedByReason).toEqual({ 'time outside window': 2 });
  });

  it('refuses input rows spanning 1970 to 9999 when the window lets them in, before allocating per bin', () => {
    const r = genFrames(['--input', SPANNING, '--time-window', '1-9999', '--format', 'png']);
    expectUserError(
      r,
      "the input's rows cover 1970-01-01 to +010000-01-01: at --bin 5m that is 844,674,336 frames",
    );
    expect(r.stderr).toContain('3 rows read, 3 accepted');
  });

  it('refuses one render run of more than 200,000 frames, naming the parts', () => {
    // Two rows a year apart at 1-minute bins: 525,601 frames, within the timeline's limit.
    const year = join(tmp, 'year.csv');
    writeFileSync(
      year,
      'time,src,proto,dport\n2013-01-01T00:00:00Z,192.0.2.1,tcp,22\n2014-01-01T00:00:00Z,192.0.2.1,tcp,22\n',
    );
    const r = genFrames(['--input', year, '--bin', '1m', '--format', 'png']);
    expectUserError(
      r,
      /frames 0-525600 are 525,601 frames, .*one render writes at most 200,000\. Render it in parts \(--shard K\/3 or --frames A-B, then gen-frames concat\)/,
    );
    expect(existsSync(join(r.cwd, 'out'))).toBe(false);
  });
});
