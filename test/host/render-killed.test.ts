import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DIR } from '../helpers/golden.js';
import { processes } from './chromium-processes.js';
import { sha256 } from '../helpers/gpu.js';
import { frameDigest } from '../../src/frame-hash.js';
import { decodePng } from '../../src/render/resume.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const golden: Record<string, string> = JSON.parse(
  readFileSync(join(GOLDEN_DIR, 'ports-320x180-seed42.json'), 'utf8'),
).frames;
const LAST = 39;

/** Profile folders of the render with this process id, in the temp folder. */
const profilesOf = (pid: number) =>
  readdirSync(tmpdir()).filter((n) => n.startsWith(`portglow-chromium-${pid}-`));

describe('SIGKILL of a render', () => {
  it('leaves no Chromium and no profile folder 5 s later, and the same command then completes it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'portglow-killed-'));
    // The golden set's picture: its title, no callouts.
    const args = [CLI, '--size', '320x180', '--frames', `0-${LAST}`, '--format', 'png', '--title', 'portglow', '--no-callouts', '--out', out]; // prettier-ignore
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((r) => child.on('exit', r));
    const pid = child.pid!;
    while (readdirSync(out).filter((f) => f.endsWith('.png')).length < 8) {
      if (child.exitCode !== null) throw new Error(`the render ended before it was killed: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const [profile] = profilesOf(pid);
    expect(profile, 'the render names its profile folder for its process').toBeDefined();
    const chromium = () => processes().filter((p) => p.cmdline.includes(profile));
    expect(chromium().length).toBeGreaterThan(3);
    child.kill('SIGKILL');
    await exited;
    const t0 = performance.now();
    while ((chromium().length || profilesOf(pid).length) && performance.now() - t0 < 5000) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(chromium().map((p) => p.cmdline.slice(0, 80))).toEqual([]);
    expect(profilesOf(pid)).toEqual([]);

    const again = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    // The manifest's XXH3 digests are of the PNGs' pixels; those pixels are the golden set's.
    const hashes: Record<string, string> = {};
    for (const f of manifest.frames as { index: number; digest: string }[]) {
      const rgba = await decodePng(join(out, `frame-${String(f.index).padStart(6, '0')}.png`));
      expect(await frameDigest(rgba), `frame ${f.index}`).toBe(f.digest);
      hashes[f.index] = sha256(rgba);
    }
    expect(hashes).toEqual(Object.fromEntries(Object.entries(golden).filter(([f]) => Number(f) <= LAST)));
    expect(existsSync(join(out, `frame-${String(LAST).padStart(6, '0')}.png`))).toBe(true);
    rmSync(out, { recursive: true });
  });
});
