/**
 * Where the real marx data lives for tests: `../shared/data/` beside the repository (always present in
 * CI). Outside CI, when it is missing, real-data suites skip with a message saying so; in CI a missing
 * folder fails them.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { isCI } from '../helpers/ci.js';

export const REAL_DATA_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared/data');
export const MARX = join(REAL_DATA_DIR, 'marx.csv.gz');
export const MARX_CC = join(REAL_DATA_DIR, 'marx-cc.csv.gz');

const present = existsSync(MARX) && existsSync(MARX_CC);

/** `describe` for suites that need the real data. */
export function describeRealData(name: string, fn: () => void): void {
  if (present) {
    describe(name, fn);
    return;
  }
  const why = `the real data is not in ${REAL_DATA_DIR} (marx.csv.gz and marx-cc.csv.gz)`;
  if (isCI()) {
    // CI must have it: one clear failure instead of the suite's errors on missing files.
    describe(name, () =>
      it('has the real data', () => {
        throw new Error(`${why}; CI must provide it`);
      }),
    );
    return;
  }
  console.warn(`skipping "${name}": ${why} (it is in CI; outside CI these tests skip)`);
  describe.skip(name, fn);
}
