import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { frameDigest } from '../../src/frame-hash.js';

/**
 * The render owns its --out folder: a lock, no file of anyone else's replaced or deleted, its own
 * temporary files only, and OS errors as sentences. Tiny renders (320x180, at most 60 frames).
 */
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'portglow-render-'));
const TEMP = /\.[0-9a-f]{12}\.partial/;
const STACK = /\n\s+at /;

function genFrames(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

const pngs = (dir: string) => readdirSync(dir).filter((f) => /^frame-\d+\.png$/.test(f));

/** Every frame the manifest lists is a whole file whose pixels hash to the listed value. */
async function onlyWholeFrames(dir: string): Promise<number> {
  if (!existsSync(join(dir, 'manifest.json'))) return 0;
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  expect(m.hash).toBe('xxh3-128');
  for (const f of m.frames as { index: number; digest: string }[]) {
    const rgba = await sharp(join(dir, `frame-${String(f.index).padStart(6, '0')}.png`))
      .ensureAlpha()
      .raw()
      .toBuffer();
    expect(await frameDigest(rgba), `frame ${f.index}`).toBe(f.digest);
  }
  return m.frames.length;
}

describe('the render owns its output folder', () => {
  it('a second render is refused while one runs; a stop removes only its own temporary files; a stale lock is taken over', async () => {
    const out = tmp();
    const args = ['--size', '320x180', '--frames', '0-29', '--format', 'both', '--out', out];
    const a = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    a.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => a.on('exit', r));
    // Hold the first render still once a few frames are on disk, so the second surely meets it.
    while (pngs(out).length < 4) {
      if (a.exitCode !== null) throw new Error(`the render ended early:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    a.kill('SIGSTOP');
    try {
      const b = genFrames(args);
      expect(b.code).toBe(1);
      expect(b.stderr).toContain(`${out} is in use by another gen-frames render (PID ${a.pid}`);
      expect(b.stderr).not.toMatch(STACK);
      writeFileSync(join(out, 'holiday.png.partial'), 'my photo');
    } finally {
      a.kill('SIGCONT');
    }
    a.kill('SIGHUP');
    expect(await exited, stderr).toBe(129);
    expect(readFileSync(join(out, 'holiday.png.partial'), 'utf8')).toBe('my photo');
    const left = readdirSync(out);
    expect(left.filter((f) => TEMP.test(f))).toEqual([]);
    expect(left).not.toContain('.gen-frames.lock');
    expect(left, 'a stopped render never names a video').not.toContain('video.mp4');
    const claimed = await onlyWholeFrames(out);
    expect(claimed).toBeGreaterThanOrEqual(1);

    // A render killed outright leaves its lock and temporary files: the next run takes both over.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const lock = { pid: dead, runId: 'deaddeaddead', host: hostname(), started: '' };
    writeFileSync(join(out, '.gen-frames.lock'), JSON.stringify(lock));
    writeFileSync(join(out, 'frame-000029.png.deaddeaddead.partial'), 'half a frame');
    const again = genFrames(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`took over the lock of gen-frames PID ${dead}`);
    expect(again.stderr).toMatch(/resuming: \d+ frames/);
    expect(readdirSync(out).sort()).toEqual(
      [
        'holiday.png.partial',
        'manifest.json',
        'video.mp4',
        ...Array.from({ length: 30 }, (_, i) => `frame-${String(i).padStart(6, '0')}.png`),
      ].sort(),
    );
    const verify = genFrames(['verify', out]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toContain('all 30 PNG frames and 30 pictures of video.mp4 match the manifest');
  });

  it('refuses a folder holding a video.mp4 it did not write; --overwrite replaces only the tool’s files', () => {
    const out = tmp();
    writeFileSync(join(out, 'video.mp4'), 'someone else’s video');
    writeFileSync(join(out, 'notes.txt'), 'notes');
    const args = ['--size', '320x180', '--frames', '0-3', '--format', 'png', '--out', out];
    const r = genFrames(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${out} holds files this render did not write: video.mp4`);
    expect(r.stderr).not.toMatch(STACK);
    expect(readFileSync(join(out, 'video.mp4'), 'utf8')).toBe('someone else’s video');
    const o = genFrames([...args, '--overwrite']);
    expect(o.code, o.stderr).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('notes');
    expect(existsSync(join(out, 'video.mp4')), 'a PNG render does not keep the replaced video').toBe(false);
    expect(genFrames(['verify', out]).code).toBe(0);
  });

  it('--rejects naming the input is refused before anything is written; the input is unchanged', () => {
    const dir = tmp();
    const input = join(dir, 'data.csv');
    const text = 'time,src,proto,dport,cc\n2013-07-15 19:55:00,1.2.3.4,TCP,22,CN\nnot,a,row\n';
    writeFileSync(input, text);
    const r = genFrames(['--input', input, '--rejects', input, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--rejects ${input} is the input file`);
    expect(readFileSync(input, 'utf8')).toBe(text);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

/** A tmpfs of `size` mounted for the test, or undefined where this process may not mount one. */
function mountTmpfs(options: string): string | undefined {
  const dir = tmp();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status === 0) return dir;
  console.warn(
    `skipped: cannot mount a tmpfs here (${(r.stderr || r.error?.message || '').trim()}); run as root to test a full or read-only disk`,
  );
  rmSync(dir, { recursive: true, force: true });
  return undefined;
}

describe('OS errors on the output', () => {
  it('a full disk (ENOSPC on a small tmpfs): exit 2, the path and the cause, a manifest of whole frames only', async (ctx) => {
    const mnt = mountTmpfs('size=160k');
    if (!mnt) return ctx.skip();
    try {
      const out = join(mnt, 'out');
      const r = genFrames(['--size', '320x180', '--frames', '0-59', '--format', 'png', '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`gen-frames: ${mnt}/out/\\S+: the disk is full \\(ENOSPC\\)`));
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr).not.toContain('internal error');
      await onlyWholeFrames(out);
      expect(readdirSync(out).filter((f) => TEMP.test(f) || f === '.gen-frames.lock')).toEqual([]);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('a read-only file system (EROFS): exit 1 and a sentence', (ctx) => {
    const mnt = mountTmpfs('ro,size=64k');
    if (!mnt) return ctx.skip();
    try {
      const r = genFrames(['--size', '320x180', '--frames', '0-1', '--out', join(mnt, 'out')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${join(mnt, 'out')}: the file system is read-only (EROFS)`);
      expect(r.stderr).not.toMatch(STACK);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});
