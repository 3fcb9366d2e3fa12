import { describe, expect, it } from 'vitest';
import { isCI } from './ci.js';

describe('isCI', () => {
  it.each([['true'], ['1'], ['TRUE'], ['yes']])('CI=%s is CI', (v) => expect(isCI({ CI: v })).toBe(true));
  it.each([['false'], ['0'], [''], ['False']])('CI=%s is not', (v) => expect(isCI({ CI: v })).toBe(false));
  it('CI unset is not', () => expect(isCI({})).toBe(false));
});
