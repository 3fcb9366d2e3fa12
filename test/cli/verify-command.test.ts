import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/cli/verify-command.js';
import { UserError } from '../../src/errors.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');
const png = (i: number) => `frame-${String(i).padStart(6, '0')}.png`;

let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'portglow-verify-'));
  const r = spawnSync(process.execPath, [BIN, '--size', '320x180', '--frames', '0-29', '--out', out], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`the render failed:\n${r.stderr}`);
});

/** runVerify's exit code and printed lines. */
async function verify(): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await runVerify(out, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

/** Runs `change` on a copy of `file` put in its place, verifies, and puts the original back. */
async function tampered(file: string, change: (path: string) => void) {
  const path = join(out, file);
  const keep = `${path}.keep`;
  copyFileSync(path, keep);
  try {
    change(path);
    return await verify();
  } finally {
    renameSync(keep, path);
  }
}

function ffmpeg(args: string[]) {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

describe('gen-frames verify', () => {
  it('a good render: exit 0 through the CLI, every PNG and picture checked', () => {
    const r = spawnSync(process.execPath, [BIN, 'verify', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${out}: all 30 PNG frames and 30 pictures of video.mp4 match the manifest`);
  });

  it('one PNG replaced by another valid PNG: exit 1, naming the frame, and a count', async () => {
    const r = await tampered(png(5), (p) => copyFileSync(join(out, png(6)), p));
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/^frame-000005\.png: its pixels differ from the manifest/);
    expect(r.text).toContain('1 mismatches with the manifest');
  });

  it('a PNG that cannot be decoded', async () => {
    const r = await tampered(png(7), (p) => writeFileSync(p, 'not a png'));
    expect(r.code).toBe(1);
    expect(r.text).toContain('frame-000007.png: cannot be decoded as PNG');
  });

  it('a video cut short, and one encoded again with the same number of frames', async () => {
    const cut = await tampered('video.mp4', (p) => {
      ffmpeg(['-i', p, '-c', 'copy', '-frames:v', '20', `${p}.cut.mp4`]);
      renameSync(`${p}.cut.mp4`, p);
    });
    expect(cut.code).toBe(1);
    expect(cut.text).toContain(
      'video.mp4: holds 20 pictures but the manifest lists 30: it is cut short at frame 20',
    );
    const again = await tampered('video.mp4', (p) => {
      ffmpeg(['-i', p, '-c:v', 'libx264', '-qp', '30', '-pix_fmt', 'yuv420p', `${p}.re.mp4`]);
      renameSync(`${p}.re.mp4`, p);
    });
    expect(again.code).toBe(1);
    expect(again.text).toMatch(/video\.mp4: picture 0 differs from the manifest \(frame 0\)/);
  });

  it('a folder without a manifest', async () => {
    const e = await runVerify(mkdtempSync(join(tmpdir(), 'portglow-verify-empty-'))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toContain('no manifest.json');
  });
});
