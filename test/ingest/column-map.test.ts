import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { mapColumns, parseColumnsFlag } from '../../src/ingest/column-map.js';
import { readCsv } from '../../src/ingest/read-csv.js';
import { alteredLayoutCsv } from '../helpers/altered-layout.js';

const MARX = ['datetime', 'host', 'src', 'proto', 'type', 'spt', 'dpt'];

describe('column-map', () => {
  it('recognises the marx formats by header name', () => {
    const m = mapColumns('f', MARX);
    expect(m.format).toBe('marx');
    expect(m.index).toEqual({ time: 0, host: 1, src: 2, proto: 3, type: 4, dport: 6, cc: -1 });
    expect(mapColumns('f', [...MARX, 'srcstr', 'cc', 'country']).format).toBe('marx-cc');
    const geo = [
      ...MARX,
      'srcstr',
      'cc',
      'country',
      'locale',
      'localeabbr',
      'postalcode',
      'latitude',
      'longitude',
    ];
    const g = mapColumns('f', geo);
    expect(g.format).toBe('marx-geo');
    expect(g.index.cc).toBe(8);
    expect(g.width).toBe(15);
  });

  it('maps other CSVs by common names or --columns; `type` is the ICMP type only in marx files', () => {
    const m = mapColumns('f', ['Timestamp', 'Source_IP', 'Protocol', 'Dst_Port', 'type']);
    expect(m.format).toBe('csv');
    expect(m.index).toMatchObject({ time: 0, src: 1, proto: 2, dport: 3, host: -1, cc: -1, type: -1 });
    const spec = parseColumnsFlag('time=When, src=Who ,proto=P,dport=Port,host=Box,cc=Land');
    const c = mapColumns('f', ['when', 'who', 'p', 'port', 'box', 'land'], spec);
    expect(c.index).toMatchObject({ time: 0, src: 1, proto: 2, dport: 3, host: 4, cc: 5 });
  });

  it('names the missing fields, the header found and the --columns flag that would map them', () => {
    let err: unknown;
    try {
      mapColumns('in.csv', ['when', 'ip', 'what']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as UserError).message;
    expect((err as UserError).exitCode).toBe(1);
    expect(msg).toContain('in.csv');
    expect(msg).toContain('lacks time, src, proto, dport');
    expect(msg).toContain('"when","ip","what"');
    expect(msg).toContain('--columns "time=when,src=ip,proto=COLUMN,dport=COLUMN"');
  });

  it('rejects bad --columns text and columns the header lacks', () => {
    expect(() => parseColumnsFlag('tim=a')).toThrow(/unknown field "tim"/);
    expect(() => parseColumnsFlag('time=')).toThrow(/needs a header name/);
    expect(() => mapColumns('f', MARX, { cc: 'country' })).toThrow(/there is no column "country"/);
  });

  const adviceFor = (header: string[]): string => {
    try {
      mapColumns('in.csv', header);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as UserError).message;
    }
    throw new Error(`${header.join(',')} was mapped`);
  };

  it('reads the common names of each field in any case and spacing; never a source port as dport', () => {
    for (const name of [
      'dpt',
      'dport',
      'dst_port',
      'DestPort',
      'dest_port',
      'destination port',
      'Destination-Port',
      'dstport',
    ])
      expect(mapColumns('f', ['time', 'src', 'proto', name]).index.dport, name).toBe(3);
    for (const name of ['Src IP', 'source_ip', 'srcaddr', 'saddr', 'SourceAddress'])
      expect(mapColumns('f', ['time', name, 'proto', 'dpt']).index.src, name).toBe(1);
    for (const name of ['Timestamp', 'event_time', 'Date', 'datetime'])
      expect(mapColumns('f', [name, 'src', 'proto', 'dpt']).index.time, name).toBe(0);
    expect(mapColumns('f', ['time', 'src', 'Protocol', 'dpt', 'Sensor', 'Country Code']).index).toMatchObject(
      {
        proto: 2,
        host: 4,
        cc: 5,
      },
    );
    for (const name of ['spt', 'sport', 'srcport', 'src_port', 'Source Port'])
      expect(() => mapColumns('f', ['time', 'src', 'proto', name]), name).toThrow(/lacks dport/);
  });

  it('the advice names the destination port column, never the source port', () => {
    const msg = adviceFor(['Date', 'SrcIP', 'Protocol', 'SrcPort', 'Target_Port_Num']);
    expect(msg).toContain('lacks dport');
    expect(msg).toContain('--columns "dport=Target_Port_Num"');
    expect(adviceFor(['when', 'attacker', 'l4', 'src_port', 'dest_svc_port'])).toContain(
      '--columns "time=when,src=attacker,proto=COLUMN,dport=dest_svc_port"',
    );
    // Only a source port: no guess, and the message says why.
    const only = adviceFor(['datetime', 'srcip', 'proto', 'srcport']);
    expect(only).toContain('--columns "dport=COLUMN"');
    expect(only).toContain('"srcport" is the source port; dport is the destination port');
  });

  it('reads an altered copy (srcip, srcport, destport, US dates) without --columns', async () => {
    const file = alteredLayoutCsv();
    const res = await readCsv(file);
    expect(res.format).toBe('csv');
    expect([res.read, res.accepted, res.rejected]).toEqual([11, 9, 2]);
    const r = res.rows;
    expect(r[0]).toMatchObject({
      time: Date.UTC(2013, 6, 24, 7, 46) / 1000,
      host: 'sensor-tokyo',
      src: '198.51.100.7',
      cc: 'IR',
      proto: 'udp',
      port: 2193,
    });
    expect(r.filter((x) => x.proto !== 'icmp').map((x) => x.port)).toEqual([
      2193, 2193, 2193, 1032, 1032, 1032, 1433, 5060,
    ]);
    expect(res.rejects.map((x) => x.line)).toEqual([11, 12]);
  });
});
