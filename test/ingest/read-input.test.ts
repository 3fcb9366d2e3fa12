/**
 * readInput with the line formats: detection and --format-in, several inputs merged by time with the
 * file name as host where a format has none, --strict, --rejects over several inputs, Suricata alerts,
 * syslog years and zones, and the file-level errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { hostFromPath, readInput, type InputOptions } from '../../src/ingest/read-input.js';
import { detectFormat } from '../../src/ingest/readers/detect-format.js';
import { zoneFromFlag } from '../../src/ingest/readers/syslog-time.js';
import { MAX_LINE } from '../../src/ingest/readers/text-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'portglow-readers-'));
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const opts = (inputs: string[], over: Partial<InputOptions> = {}): InputOptions => ({
  inputs,
  seed: 42,
  strict: false,
  binSeconds: 300,
  selection: {},
  ...over,
});
const utc = (s: string) => Date.parse(s) / 1000;

const cowrie = (ts: string, src: string, port: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ eventid: 'cowrie.session.connect', timestamp: ts, src_ip: src, dst_port: port, protocol: 'ssh', ...extra }); // prettier-ignore

describe('detection', () => {
  it.each([
    ['#separator \\x09\n#fields\tts', 'zeek'],
    ['{"eventid":"cowrie.login.failed"}', 'cowrie'],
    ['{"timestamp":"x","event_type":"dns"}', 'suricata'],
    ['{"ts":1,"id.orig_h":"1.2.3.4"}', 'zeek'],
    ['{"_index":"x","_source":{}}', 'tpot'],
    ['{"@timestamp":"x"}', 'tpot'],
    ['Mar  1 12:00:00 fw kernel: IN=eth0 SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP', 'iptables'],
    ['datetime,host,src,proto,type,spt,dpt', 'csv'],
    ['', 'csv'],
  ])('%j → %s', (head, format) => {
    expect(detectFormat('f', Buffer.from(head))).toBe(format);
  });

  it('names --format-in for JSON of no known kind', () => {
    expect(() => detectFormat('x.json', Buffer.from('{"a":1}\n{"b":2}\n'))).toThrow(
      /x\.json: JSON lines.*--format-in/,
    );
  });
});

describe('several inputs', () => {
  it('merges rows by time; rows without a host get the file name; counts add up', async () => {
    const a = file('sensor-a.json', [cowrie('2024-03-01T12:00:10Z', '1.2.3.4', 22), cowrie('2024-03-01T12:00:30Z', '1.2.3.5', 23)].join('\n')); // prettier-ignore
    const b = file(
      'sensor-b.log.gz',
      gzipSync(Buffer.from('time,src,proto,dport\n2024-03-01 12:00:20,9.9.9.9,UDP,53\nbad,row\n')),
    );
    const r = await readInput(opts([a, b]));
    expect(r.rows.map((x) => [x.time - utc('2024-03-01T12:00:00Z'), x.host, x.port])).toEqual([
      [10, 'sensor-a', 22],
      [20, 'sensor-b', 53],
      [30, 'sensor-a', 23],
    ]);
    expect([r.read, r.accepted, r.rejected, r.records]).toEqual([4, 3, 1, 3]);
    expect(r.format).toBe('cowrie+csv');
    expect(r.source).toBe(`files:${a},${b}`);
    expect(r.rejects[0]).toMatchObject({ file: b, line: 3, reason: 'wrong field count' });
  });

  it('writes the rejects of every input to one --rejects file', async () => {
    const a = file('ra.json', `${cowrie('2024-03-01T12:00:10Z', '999.1.1.1', 22)}\n`);
    const b = file('rb.json', `${cowrie('2024-03-01T12:00:10Z', '1.1.1.1', 70000)}\n`);
    const out = join(dir, 'rejects.csv');
    await readInput(opts([a, b], { rejects: out }));
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('file,line,reason,detail,row');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      `${a},1,bad address`,
      `${b},1,port out of range`,
    ]);
  });

  it('takes the host from the file name as a directory-less base name', () => {
    expect(hostFromPath('/x/honeypot-7.json.gz')).toBe('honeypot-7');
    expect(hostFromPath('-')).toBe('stdin');
  });
});

describe('line formats', () => {
  it('stops at the first bad line with --strict, naming file and line', async () => {
    const a = file('strict.json', [cowrie('2024-03-01T12:00:10Z', '1.2.3.4', 22), '{"eventid":'].join('\n'));
    await expect(readInput(opts([a], { strict: true }))).rejects.toThrow(`${a}:2: malformed json`);
  });

  it('reads a format named by --format-in and rejects what does not fit it', async () => {
    const a = file(
      'forced.txt',
      '{"ts":1709294400,"id.orig_h":"1.2.3.4","id.resp_h":"h","id.resp_p":22,"proto":"tcp","orig_pkts":3}\n',
    );
    const r = await readInput(opts([a], { formatIn: 'zeek' }));
    expect([r.format, r.rows.length, r.records]).toEqual(['zeek', 3, 1]);
    const c = await readInput(opts([a], { formatIn: 'cowrie' }));
    expect(c.byReason).toEqual({ 'malformed line': 1 });
  });

  it('reads Suricata alerts on request, one packet each, signatures as notes', async () => {
    const alert = (ts: string, sig: string) =>
      JSON.stringify({ timestamp: ts, event_type: 'alert', src_ip: '1.2.3.4', dest_ip: '10.0.0.1', dest_port: 22, proto: 'TCP', alert: { signature: sig } }); // prettier-ignore
    const flow = JSON.stringify({ event_type: 'flow', src_ip: '1.2.3.4', dest_port: 22, proto: 'TCP', flow: { start: '2024-03-01T12:00:00.000000+0000', pkts_toserver: 4 } }); // prettier-ignore
    const a = file('eve.json', [alert('2024-03-01T12:00:00.000000+0000', 'ET SCAN A'), flow, alert('2024-03-01T12:05:00.000000+0000', 'ET SCAN A'), alert('2024-03-01T12:06:00.000000+0100', 'ET B')].join('\n')); // prettier-ignore
    const flows = await readInput(opts([a]));
    expect([flows.rows.length, flows.records, flows.skipped]).toEqual([4, 1, 3]);
    const alerts = await readInput(opts([a], { suricata: 'alerts' }));
    expect([alerts.rows.length, alerts.skipped]).toEqual([3, 1]);
    expect(alerts.notes).toEqual([
      { time: utc('2024-03-01T11:06:00Z'), text: 'ET B' },
      { time: utc('2024-03-01T12:00:00Z'), text: 'ET SCAN A' },
    ]);
  });

  it('rejects a line over 1 MiB without keeping it, and reads the lines around it', async () => {
    const good = cowrie('2024-03-01T12:00:10Z', '1.2.3.4', 22);
    const a = file('long.json', `${good}\n${'x'.repeat(MAX_LINE + 10)}\n${good}\n`);
    const r = await readInput(opts([a]));
    expect([r.accepted, r.rejected]).toEqual([2, 1]);
    expect(r.rejects[0]).toMatchObject({ line: 2, reason: 'malformed line', raw: '' });
  });

  it('reads CRLF lines, a BOM and a last line without a line break', async () => {
    const good = cowrie('2024-03-01T12:00:10Z', '1.2.3.4', 22);
    const a = file('crlf.json', `\ufeff${good}\r\n\r\n${good}\r\n${good}`);
    const r = await readInput(opts([a]));
    expect([r.read, r.accepted, r.blankLines]).toEqual([3, 3, 1]);
  });

  it('refuses binary data', async () => {
    const a = file('bin.json', Buffer.from([0x7b, 0x00, 0x01, 0x0a]));
    await expect(readInput(opts([a], { formatIn: 'cowrie' }))).rejects.toThrow(
      /not cowrie text \(binary data/,
    );
  });
});

describe('syslog times', () => {
  const line = (stamp: string) =>
    `${stamp} fw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=1.2.3.4 DST=10.0.0.1 LEN=60 PROTO=TCP SPT=1234 DPT=22 SYN`;

  it('needs --year for stamps without one, naming file and line', async () => {
    const a = file('noyear.log', `Mar  1 12:00:00 fw sshd[1]: hello\n${line('Mar  1 12:00:00')}\n`);
    const err = await readInput(opts([a])).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(new RegExp(`${a}:2: syslog time stamps .* --year`));
  });

  it('reads the zone with summer time, and rolls the year over at New Year', async () => {
    const a = file('tz.log', [line('Jan 15 12:00:00'), line('Jul 15 12:00:00'), line('Dec 31 23:59:59'), line('Jan  1 00:00:01'), line('2024-03-01T12:00:00+05:00')].join('\n')); // prettier-ignore
    const r = await readInput(opts([a], { year: 2023, tz: 'Europe/Berlin' }));
    expect(r.rows.map((x) => new Date(x.time * 1000).toISOString())).toEqual([
      '2023-01-15T11:00:00.000Z',
      '2023-07-15T10:00:00.000Z',
      '2023-12-31T22:59:59.000Z',
      '2023-12-31T23:00:01.000Z',
      '2024-03-01T07:00:00.000Z',
    ]);
    expect(r.rows[0].host).toBe('10.0.0.1');
  });

  it('takes fixed offsets and refuses unknown zones', () => {
    expect(zoneFromFlag('-05:00')(0)).toBe(5 * 3600);
    expect(zoneFromFlag('+0130')(0)).toBe(-5400);
    expect(() => zoneFromFlag('Mars/Olympus')).toThrow(/--tz must be UTC/);
  });
});
