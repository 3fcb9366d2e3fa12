import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { mapColumns, parseColumnsFlag } from '../../src/ingest/column-map.js';

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
});
