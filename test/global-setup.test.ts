import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleBundle } from './global-setup.js';

/** A checkout in a temporary folder: each file written with its modification time in seconds. */
function checkout(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'portglow-stale-'));
  for (const [path, mtime] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), mtime, mtime);
  }
  return root;
}

describe('global setup: when dist/ is stale', () => {
  const built = { 'dist/page.js': 2000, 'dist/cli.js': 2000 };

  it('is fresh when every source is older than both bundles', () => {
    expect(
      staleBundle(checkout({ ...built, 'src/a.ts': 1000, 'shaders/x.wgsl': 1000, 'harness/page.ts': 1000 })),
    ).toBe(undefined);
  });

  it.each(['src/gpu/deep/a.ts', 'shaders/raster.wgsl', 'harness/page.ts'])(
    'is stale when %s is newer',
    (path) => {
      expect(staleBundle(checkout({ ...built, 'src/a.ts': 1000, [path]: 3000 }))).toMatch(
        /newer than dist\//,
      );
    },
  );

  it('is stale when one bundle is older than a source, or missing', () => {
    expect(staleBundle(checkout({ 'dist/page.js': 500, 'dist/cli.js': 2000, 'src/a.ts': 1000 }))).toMatch(
      /src\//,
    );
    expect(staleBundle(checkout({ 'dist/cli.js': 2000, 'src/a.ts': 1000 }))).toBe('dist/page.js missing');
  });
});
