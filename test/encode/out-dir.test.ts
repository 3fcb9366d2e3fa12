import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOL, type Manifest } from '../../src/encode/manifest.js';
import { claimOutDir, type ClaimOptions } from '../../src/encode/out-dir.js';
import { UserError } from '../../src/errors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'portglow-outdir-'));
const hash = (c: string) => c.repeat(64);

function manifest(over: Partial<Manifest> = {}): Manifest {
  return {
    tool: TOOL,
    version: '0.1.0',
    options: { seed: 42, format: 'both', from: 0, to: 9 },
    input: { source: 'synthetic:42', digest: hash('a'), rows: 10 },
    width: 320,
    height: 180,
    adapter: '',
    video: null,
    complete: false,
    hash: 'sha256',
    frames: [{ index: 0, digest: hash('e') }],
    ...over,
  };
}

function claim(dir: string, over: Partial<ClaimOptions> = {}) {
  return claimOutDir({
    dir, identity: manifest(), from: 0, to: 9, wantsVideo: true, overwrite: false, runId: 'cccccccccccc', log: () => undefined, ...over,
  }); // prettier-ignore
}

async function refused(dir: string, over: Partial<ClaimOptions> = {}): Promise<string> {
  const e = await claim(dir, over).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(UserError);
  expect(existsSync(join(dir, '.gen-frames.lock')), 'the lock is released on refusal').toBe(false);
  return (e as UserError).message;
}

describe('an output folder the render owns', () => {
  it('takes an empty or new folder', async () => {
    const dir = join(tmp(), 'new', 'out');
    const c = await claim(dir);
    expect(c.previous).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['.gen-frames.lock']);
    await c.lock.release();
  });

  it.each([
    ['a video.mp4', 'video.mp4'],
    ['a frame file', 'frame-000005.png'],
    ['a manifest that is not ours', 'manifest.json'],
  ])('refuses a folder holding %s, naming it, and leaves it untouched', async (_what, name) => {
    const dir = tmp();
    writeFileSync(join(dir, name), 'a person’s file');
    const message = await refused(dir);
    expect(message).toContain(`${dir} holds files this render did not write: ${name}`);
    expect(message).toContain('--overwrite');
    expect(readFileSync(join(dir, name), 'utf8')).toBe('a person’s file');
  });

  it("refuses another render's manifest, naming the difference", async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify(manifest({ options: { seed: 7, format: 'both', from: 0, to: 9 } })),
    );
    expect(await refused(dir)).toContain('manifest.json (another render: option seed is 7 there, 42 here)');
  });

  it('refuses frames of this render outside the new range (they would be left unclaimed)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest()));
    writeFileSync(join(dir, 'frame-000000.png'), '');
    writeFileSync(join(dir, 'frame-000009.png'), '');
    expect(await refused(dir, { from: 0, to: 4 })).toContain('frame-000009.png');
  });

  it('refuses an existing preview file that this render did not write', async () => {
    const dir = tmp();
    const preview = join(tmp(), 'day.gif');
    writeFileSync(preview, 'GIF89a');
    expect(await refused(dir, { preview })).toContain(preview);
  });

  it('resumes its own earlier render: the same options in any key order', async () => {
    const dir = tmp();
    const earlier = manifest({ options: { to: 9, from: 0, format: 'both', seed: 42 }, video: 'video.mp4' });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(earlier));
    for (const n of ['frame-000000.png', 'frame-000003.png', 'video.mp4', 'notes.txt'])
      writeFileSync(join(dir, n), '');
    const c = await claim(dir);
    expect(c.previous).toEqual(earlier);
    await c.lock.release();
  });

  it('--overwrite removes only the files the tool names, and the preview', async () => {
    const dir = tmp();
    const preview = join(tmp(), 'day.gif');
    const theirs = ['frame-000005.png', 'video.mp4', 'manifest.json'];
    const kept = ['notes.txt', 'holiday.png.partial', 'frame-5.png', 'video.mp4.bak'];
    for (const n of [...theirs, ...kept]) writeFileSync(join(dir, n), 'x');
    writeFileSync(preview, 'GIF89a');
    const c = await claim(dir, { overwrite: true, preview });
    expect(c.previous).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['.gen-frames.lock', ...kept].sort());
    expect(existsSync(preview)).toBe(false);
    await c.lock.release();
  });

  it('a second render into the folder is refused while the first holds it', async () => {
    const dir = tmp();
    const first = await claim(dir);
    const message = await claim(dir, { runId: 'dddddddddddd' }).catch((e: UserError) => e.message);
    expect(message).toContain(`in use by another gen-frames render (PID ${process.pid}`);
    await first.lock.release();
  });

  it('after a dead run, removes its temporary files (by its run id) and nothing else', async () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(
      join(dir, '.gen-frames.lock'),
      JSON.stringify({ pid: dead, runId: 'deaddeaddead', host: hostname(), started: '' }),
    );
    const leftovers = ['frame-000003.png.deaddeaddead.partial', 'video.mp4.deaddeaddead.partial.mp4'];
    const kept = [
      'frame-000004.png.0123456789ab.partial',
      'holiday.png.partial',
      'holiday.png.deaddeaddead.partial',
    ];
    for (const n of [...leftovers, ...kept]) writeFileSync(join(dir, n), '');
    const c = await claim(dir);
    expect(readdirSync(dir).sort()).toEqual(['.gen-frames.lock', ...kept].sort());
    await c.lock.release();
  });

  it('an OS error on the folder is a sentence naming the path and cause', async () => {
    const file = join(tmp(), 'a-file');
    writeFileSync(file, '');
    for (const [dir, code] of [
      [file, 'EEXIST'],
      [join(file, 'sub'), 'ENOTDIR'],
    ]) {
      const e = await claim(dir).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).message).toMatch(new RegExp(`^${dir}: .*\\(${code}\\)`));
    }
  });
});
