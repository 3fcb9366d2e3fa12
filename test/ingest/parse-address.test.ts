import { describe, expect, it } from 'vitest';
import { dottedFromInt, parseAddress, parseDotted, parseIntAddress } from '../../src/ingest/parse-address.js';

describe('parse-address', () => {
  it('reads integer and dotted IPv4 to the same canonical text', () => {
    expect(parseAddress('1032051418')).toEqual({ text: '61.131.218.218', v4: 1032051418 });
    expect(parseAddress('61.131.218.218')).toEqual({ text: '61.131.218.218', v4: 1032051418 });
    expect(parseAddress(' 061.131.218.218 ')).toEqual({ text: '61.131.218.218', v4: 1032051418 });
    expect(parseAddress('0')).toEqual({ text: '0.0.0.0', v4: 0 });
    expect(parseAddress('4294967295')).toEqual({ text: '255.255.255.255', v4: 4294967295 });
    expect(dottedFromInt(parseDotted('10.1.2.3'))).toBe('10.1.2.3');
  });

  it('reads IPv6, turning IPv4-mapped addresses into IPv4', () => {
    expect(parseAddress('2001:DB8::1')).toEqual({ text: '2001:db8::1', v4: -1 });
    expect(parseAddress('::ffff:61.131.218.218')).toEqual({ text: '61.131.218.218', v4: 1032051418 });
  });

  it('rejects what is not an address', () => {
    for (const bad of [
      '',
      '4294967296',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '1..2.3',
      'abc',
      '2001:db8::zz',
      '-1',
      '1.2.3.4x',
    ]) {
      expect(parseAddress(bad), bad).toBeNull();
    }
    expect(parseIntAddress('12345678901')).toBe(-1);
  });
});
