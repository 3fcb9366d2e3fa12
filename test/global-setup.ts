/**
 * Vitest global setup: the GPU tests load the bundles (dist/page.js in Chromium, dist/cli.js through
 * bin/gen-frames.js), so a plain `npx vitest run` after an edit must not test the old ones. When any
 * file under src/, harness/ or shaders/ is newer than either bundle (or one is missing), this runs
 * scripts/build.js first, as `npm test` does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SOURCES = ['src', 'harness', 'shaders'];
const BUNDLES = ['dist/page.js', 'dist/cli.js'];

/** The newest modification time of any file under `dir` (0 when it has none). */
export function newestUnder(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

/** Why the bundles in `root` must be rebuilt, or undefined when they are newer than every source. */
export function staleBundle(root: string): string | undefined {
  const missing = BUNDLES.filter((b) => !existsSync(join(root, b)));
  if (missing.length > 0) return `${missing.join(' and ')} missing`;
  const built = Math.min(...BUNDLES.map((b) => statSync(join(root, b)).mtimeMs));
  const stale = SOURCES.filter((d) => newestUnder(join(root, d)) > built);
  return stale.length > 0 ? `${stale.map((d) => `${d}/`).join(', ')} newer than dist/` : undefined;
}

export default function setup(): void {
  const why = staleBundle(ROOT);
  if (!why) return;
  console.log(`global setup: ${why}; rebuilding with scripts/build.js`);
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, stdio: 'inherit' });
}
