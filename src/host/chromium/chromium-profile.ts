import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Chromium's profile folders: one per browser, in the temp folder, named for the process that owns
 * it (`portglow-chromium-PID-XXXXXX`) with an owner file inside, so that a later render can tell a
 * folder left by a killed render from one in use, and removes only folders this tool made.
 */
const PREFIX = 'portglow-chromium-';
const NAME = /^portglow-chromium-(\d+)-[A-Za-z0-9]{6}$/;
const OWNER = 'portglow-owner.json';

/** Makes a new profile folder owned by this process. */
export async function createProfile(dir = tmpdir()): Promise<string> {
  const path = await mkdtemp(join(dir, `${PREFIX}${process.pid}-`));
  await writeFile(join(path, OWNER), JSON.stringify({ pid: process.pid, host: hostname() }));
  return path;
}

export async function removeProfile(path: string): Promise<void> {
  // Chromium may still be writing into it as it exits: retry a few times.
  await rm(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

/** True when a process with this id exists (on this machine, in this PID namespace). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the profile folders of renders on this host whose process is gone (killed before they
 * could clean up); returns them. A folder without our owner file, or whose owner lives, stays.
 */
export async function removeStaleProfiles(dir = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = NAME.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    try {
      const owner = JSON.parse(await readFile(join(path, OWNER), 'utf8')) as { pid: number; host: string };
      // Another machine's folder in a shared temp folder: its process ids mean nothing here.
      if (owner.pid !== Number(m[1]) || owner.host !== hostname() || processAlive(owner.pid)) continue;
      await removeProfile(path);
      removed.push(path);
    } catch {
      continue; // not ours to judge (no owner file, unreadable): leave it
    }
  }
  return removed;
}
