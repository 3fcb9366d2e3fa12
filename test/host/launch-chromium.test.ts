import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../../src/host/chromium/launch-chromium.js';
import { UserError } from '../../src/errors.js';

const myProfiles = () =>
  readdirSync(tmpdir()).filter((n) => n.startsWith(`portglow-chromium-${process.pid}-`));

describe('launching Chromium', () => {
  it('a browser that fails to start: exit 2 with the path, and no profile folder left', async () => {
    const before = myProfiles();
    const e = await launchChromium('/bin/false').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    expect((e as UserError).message).toMatch(/^Chromium at \/bin\/false did not start/);
    expect(myProfiles()).toEqual(before);
  });

  it('a missing browser: exit 2 with the fix', () => {
    const e = (() => {
      try {
        chromiumPath('/nonexistent/chromium');
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    expect((e as UserError).message).toContain('apt-get install -y chromium');
  });
});
