import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding portglow's package.json, from the sources or from the dist bundle alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir)
      throw new Error('portglow: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}
