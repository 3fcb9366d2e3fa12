import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseAuto,
  parseEpoch,
  parseIso,
  parseMdyHm,
  parseYmdHms,
  timeFormatFromName,
  timeParser,
} from '../../src/ingest/parse-time.js';

const utc = (s: string) => Date.parse(s) / 1000;

describe('parse-time', () => {
  it('reads the marx format YYYY-MM-DD HH:MM:SS as UTC', () => {
    expect(parseYmdHms('2013-03-03 21:53:59')).toBe(utc('2013-03-03T21:53:59Z'));
    expect(parseYmdHms('2012-02-29 00:00:00')).toBe(utc('2012-02-29T00:00:00Z'));
    expect(parseYmdHms('1970-01-01 00:00:00')).toBe(0);
    for (const bad of [
      '2013-02-29 00:00:00',
      '2013-13-01 00:00:00',
      '2013-03-03 24:00:00',
      '2013-03-03 23:60:00',
      '2013-03-03T21:53:59',
      '2013-03-03 21:53',
      '2013-03-03 21:53:5x',
      '',
      ' 2013-03-03 21:53:59',
    ]) {
      expect(parseYmdHms(bad), bad).toBeNaN();
    }
  });

  it('reads ISO dates and times with or without a zone', () => {
    expect(parseIso('2013-03-03')).toBe(utc('2013-03-03T00:00:00Z'));
    expect(parseIso('2013-03-03T21:53')).toBe(utc('2013-03-03T21:53:00Z'));
    expect(parseIso('2013-03-03T21:53:59Z')).toBe(utc('2013-03-03T21:53:59Z'));
    expect(parseIso('2013-03-03 21:53:59.987Z')).toBe(utc('2013-03-03T21:53:59Z'));
    expect(parseIso('2013-03-04T06:53:59+09:00')).toBe(utc('2013-03-03T21:53:59Z'));
    expect(parseIso('2013-03-03T16:53:59-0500')).toBe(utc('2013-03-03T21:53:59Z'));
    for (const bad of [
      '2013-03-03T',
      '2013-03-03T21',
      '2013-03-03T21:53:59+9',
      '2013-03-03T21:53:59Zx',
      '03/03/2013',
    ]) {
      expect(parseIso(bad), bad).toBeNaN();
    }
  });

  it('reads M/D/YY H:MM (two-digit years by the POSIX rule) and epoch seconds', () => {
    expect(parseMdyHm('3/3/13 21:53')).toBe(utc('2013-03-03T21:53:00Z'));
    expect(parseMdyHm('12/31/99 0:00')).toBe(utc('1999-12-31T00:00:00Z'));
    expect(parseMdyHm('1/2/2014 3:04:05')).toBe(utc('2014-01-02T03:04:05Z'));
    for (const bad of ['13/1/13 1:00', '3/3/13 21:5', '3/3/13', '3-3-13 1:00', '3/3/123 1:00']) {
      expect(parseMdyHm(bad), bad).toBeNaN();
    }
    expect(parseEpoch('1362347639')).toBe(1362347639);
    expect(parseEpoch('1362347639.75')).toBe(1362347639);
    for (const bad of ['-1', 'abc', '1.', '', '123456789012']) expect(parseEpoch(bad), bad).toBeNaN();
  });

  it('auto tries each format; names map to formats', () => {
    const t = utc('2013-03-03T21:53:00Z');
    for (const s of ['2013-03-03 21:53:00', '2013-03-03T21:53:00Z', '3/3/13 21:53', String(t)]) {
      expect(parseAuto(s), s).toBe(t);
    }
    expect(timeFormatFromName('YYYY-MM-DD HH:MM:SS')).toBe('ymd-hms');
    expect(timeFormatFromName('M/D/YY H:MM')).toBe('mdy-hm');
    expect(timeFormatFromName('ISO')).toBe('iso');
    expect(timeFormatFromName('epoch')).toBe('epoch');
    expect(timeFormatFromName('strftime')).toBeUndefined();
    expect(timeParser('epoch')('3/3/13 21:53')).toBeNaN();
  });

  it('round-trips any second from 1970 to 2100 in the marx and ISO formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444799 }), (t) => {
        const iso = new Date(t * 1000).toISOString();
        expect(parseYmdHms(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`)).toBe(t);
        expect(parseIso(iso)).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });
});
