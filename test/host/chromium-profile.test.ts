import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProfile, removeStaleProfiles } from '../../src/host/chromium/chromium-profile.js';

/** The id of a process that has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

describe('profile folders', () => {
  it('removes the folders of dead renders on this host, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portglow-profiles-'));
    const mine = await createProfile(dir);
    expect(mine).toMatch(new RegExp(`portglow-chromium-${process.pid}-`));
    const dead = deadPid();
    const stale = join(dir, `portglow-chromium-${dead}-abcDEF`);
    mkdirSync(stale);
    writeFileSync(join(stale, 'portglow-owner.json'), JSON.stringify({ pid: dead, host: hostname() }));
    writeFileSync(join(stale, 'Local State'), '{}');
    // Same name, but no owner file: not provably ours.
    const foreign = join(dir, `portglow-chromium-${dead}-xyzXYZ`);
    mkdirSync(foreign);
    // Another machine's, in a shared temp folder.
    const elsewhere = join(dir, `portglow-chromium-${dead}-elsewh`);
    mkdirSync(elsewhere);
    writeFileSync(
      join(elsewhere, 'portglow-owner.json'),
      JSON.stringify({ pid: dead, host: `not-${hostname()}` }),
    );
    // A user's folder that merely starts alike.
    const user = join(dir, 'portglow-chromium-notes');
    mkdirSync(user);

    expect(await removeStaleProfiles(dir)).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
    for (const kept of [mine, foreign, elsewhere, user]) expect(existsSync(kept), kept).toBe(true);
    rmSync(dir, { recursive: true });
  });
});
