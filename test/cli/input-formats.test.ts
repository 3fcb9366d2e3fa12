/**
 * The input formats end to end through the CLI: standard input (gzip too), the same traffic written as
 * CSV, Cowrie JSON and Zeek TSV rendering to identical frames, and flag errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/gen-frames.js', import.meta.url));
const FORMATS = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));

function genFrames(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('input formats through the CLI', () => {
  it('reads standard input, gzip or plain, detected by content', () => {
    const gz = readFileSync(join(FORMATS, 'suricata-eve.json.gz'));
    const viaStdin = genFrames(['stats', '--json', '--input', '-'], gz);
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    const viaFile = genFrames(['stats', '--json', '--input', join(FORMATS, 'suricata-eve.json.gz')]);
    const a = JSON.parse(viaStdin.stdout);
    const b = JSON.parse(viaFile.stdout);
    expect(a.format).toBe('suricata');
    expect(a.source).toBe('file:-');
    expect({ ...a, source: '' }).toEqual({ ...b, source: '' });
    const plain = genFrames(
      ['stats', '--json', '--input', '-'],
      readFileSync(join(FORMATS, 'zeek-conn.log')),
    );
    expect(JSON.parse(plain.stdout).format).toBe('zeek');
  });

  it('names the flag when syslog stamps need --year', () => {
    const r = genFrames(['stats', '--input', join(FORMATS, 'iptables.log.gz')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/iptables\.log\.gz:\d+: syslog time stamps .* --year/);
    expect(r.stderr).not.toMatch(/\bat \S+:\d+:\d+/); // no stack trace
  });

  it('renders the same traffic as CSV, Cowrie JSON and Zeek TSV to identical frames', () => {
    const hashes = ['same-traffic.csv', 'same-traffic.cowrie.json', 'same-traffic.zeek.log'].map((name) => {
      const out = mkdtempSync(join(tmpdir(), 'portglow-same-'));
      const r = genFrames(['--input', join(FORMATS, name), '--size', '320x180', '--frames', '2-5',
        '--format', 'png', '--title', 'same traffic', '--out', out]); // prettier-ignore
      expect(r.code, r.stderr).toBe(0);
      const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
      expect(m.input.rows).toBe(600);
      return m.frames.map((f: { digest: string }) => f.digest);
    });
    expect(hashes[0]).toHaveLength(4);
    expect(new Set(hashes[0]).size).toBeGreaterThan(1); // the frames move
    expect(hashes[1]).toEqual(hashes[0]);
    expect(hashes[2]).toEqual(hashes[0]);
  });
});
