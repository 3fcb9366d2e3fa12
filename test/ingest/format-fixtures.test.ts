/**
 * Every input format's fixture (fixtures/formats/, written by scripts/make-format-fixtures.ts): detected
 * by content, `stats --json` accounts for every line (read + blank + skipped = lines; read = accepted +
 * rejected, by reason) and gives the protocol, port (and, for T-Pot, country) packet counts the generator
 * wrote. The committed files must be what the script writes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatFixtures } from '../../scripts/make-format-fixtures.js';
import { runStats, type StatsArgs } from '../../src/cli/stats-command.js';

const DIR = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));
const fixtures = formatFixtures();

function statsArgs(path: string, extra: string[]): StatsArgs {
  const flags: Record<string, unknown> = {};
  for (let i = 0; i < extra.length; i += 2) flags[extra[i].slice(2)] = extra[i + 1];
  return {
    input: [path],
    json: true,
    top: 100000,
    seed: 42,
    bin: 300,
    strict: false,
    formatIn: 'auto',
    suricata: 'flows',
    tz: String(flags.tz ?? 'UTC'),
    year: flags.year === undefined ? undefined : Number(flags.year),
  } as unknown as StatsArgs;
}

describe.each(Object.entries(fixtures))('%s', (name, f) => {
  it('is the file the script writes', () => {
    expect(readFileSync(DIR + name).equals(f.bytes)).toBe(true);
  });

  it('stats --json accounts for every line, with the right protocols and ports', async () => {
    const s = JSON.parse(await runStats(statsArgs(DIR + name, f.args)));
    const e = f.expected;
    const text = (name.endsWith('.gz') ? gunzipSync(f.bytes) : f.bytes).toString('utf8');
    const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
    expect(s.format).toBe(f.format);
    expect(s.rows).toMatchObject({
      read: e.read,
      accepted: e.accepted,
      rejected: e.rejected,
      blankLines: e.blankLines,
      skipped: e.skipped,
      used: e.accepted,
      filtered: 0,
    });
    expect(s.rows.read + s.rows.blankLines + s.rows.skipped).toBe(lines);
    expect(s.rows.accepted + s.rows.rejected).toBe(s.rows.read);
    expect(s.rejectedByReason).toEqual(e.byReason);
    expect(s.protocols).toEqual(e.protocols);
    expect(s.span).toMatchObject({ first: e.first, last: e.last });
    const ports = Object.fromEntries(
      s.ports.map((p: { proto: string; port: number; packets: number }) => [
        `${p.proto}/${p.port}`,
        p.packets,
      ]),
    );
    expect(ports).toEqual(e.ports);
    if (e.countries) {
      const cc = Object.fromEntries(
        s.countries.map((c: { cc: string; packets: number }) => [c.cc, c.packets]),
      );
      expect(cc).toEqual(e.countries);
    }
  });
});
