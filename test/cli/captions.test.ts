/**
 * --captions end to end: the caption's frames change and only those (a caption is drawn only while it
 * lasts; the empty caption line draws nothing).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/gen-frames.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'portglow-captions-cli-'));

function render(out: string, extra: string[]): string[] {
  const args = [
    '--size',
    '320x180',
    '--frames',
    '20-23',
    '--format',
    'png',
    '--out',
    join(dir, out),
    ...extra,
  ];
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const m = JSON.parse(readFileSync(join(dir, out, 'manifest.json'), 'utf8'));
  return m.frames.map((f: { digest: string }) => f.digest);
}

describe('--captions', () => {
  it('draws the caption on its frames only', () => {
    // The synthetic day starts 2013-07-15 00:00 UTC; bins are 5 minutes: frames 21 and 22.
    const captions = join(dir, 'captions.csv');
    writeFileSync(captions, 'start,end,text\n2013-07-15T01:45Z,2013-07-15T01:55Z,Honeypot restarted\n');
    const plain = render('plain', []);
    const withCaption = render('captioned', ['--captions', captions]);
    expect(withCaption[0]).toBe(plain[0]);
    expect(withCaption[1]).not.toBe(plain[1]);
    expect(withCaption[2]).not.toBe(plain[2]);
    expect(withCaption[3]).toBe(plain[3]);
  });

  it('names the file and line of a bad caption', () => {
    const captions = join(dir, 'bad.csv');
    writeFileSync(captions, 'start,duration,text\n2013-07-15T01:45Z,soon,x\n');
    const r = spawnSync(process.execPath, [BIN, '--captions', captions, '--out', join(dir, 'x')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${captions}:2: duration "soon" is not like 30s, 5m or 1h`);
  });
});
