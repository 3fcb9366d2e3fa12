import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's cache folder for everything portglow keeps between runs (parsed inputs, font atlases):
 * $XDG_CACHE_HOME/portglow, else ~/.cache/portglow. Whatever is there may be deleted at any time.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'portglow');
}
