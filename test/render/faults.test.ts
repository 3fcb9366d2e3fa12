import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { frameDigest, type FrameHashName } from '../../src/frame-hash.js';
import { encodeScene } from '../../src/scene/scene-data.js';
import { renderRestartingChromium, syntheticScene } from '../helpers/gpu.js';
import { goldenFrames } from '../helpers/golden.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');
const golden = goldenFrames('ports-320x180-seed42');
const tmp = () => mkdtempSync(join(tmpdir(), 'portglow-faults-'));
/**
 * Each frame the manifest lists, as the SHA-256 of its PNG's pixels (the golden sets' hash), after
 * checking that the manifest's own digest (its `hash` algorithm) is that of the same pixels.
 */
async function manifestHashes(dir: string): Promise<Record<string, string>> {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    hash: FrameHashName;
    frames: { index: number; digest: string }[];
  };
  const out: Record<string, string> = {};
  for (const f of m.frames) {
    const png = join(dir, `frame-${String(f.index).padStart(6, '0')}.png`);
    const rgba = await sharp(png).ensureAlpha().raw().toBuffer();
    expect(await frameDigest(rgba, m.hash), png).toBe(f.digest);
    out[String(f.index)] = createHash('sha256').update(rgba).digest('hex');
  }
  return out;
}

describe('faults', () => {
  it('restarts a killed Chromium and gives the same bytes as an undisturbed render', async () => {
    const scene = encodeScene(syntheticScene(42, 320, 180));
    let killed = false;
    const { result, hosts, hashes } = await renderRestartingChromium(scene, 199, (r, started) => {
      if (r.index === 100 && !killed) {
        killed = true;
        process.kill(started[0].pid!, 'SIGKILL');
      }
    });
    expect(killed).toBe(true);
    expect(result.restarts).toBe(1);
    expect(hosts.length).toBe(2);
    expect(hashes).toEqual(golden);
  });

  it('stops cleanly on SIGINT, and a re-run renders only the missing frames', async () => {
    const out = tmp();
    // The picture of the golden set: its title, no callouts.
    const args = [
      BIN,
      '--size',
      '320x180',
      '--frames',
      '0-199',
      '--format',
      'png',
      '--title',
      'portglow',
      '--no-callouts',
      '--out',
      out,
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Interrupt once some frames are on disk.
    while (readdirSync(out).filter((f) => f.endsWith('.png')).length < 40)
      await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('exit', r));
    expect(code, stderr).toBe(130);
    const partial = await manifestHashes(out);
    const claimed = Object.keys(partial).length;
    expect(claimed).toBeGreaterThanOrEqual(40);
    expect(claimed).toBeLessThan(200);
    for (const [f, h] of Object.entries(partial)) {
      expect(existsSync(join(out, `frame-${f.padStart(6, '0')}.png`))).toBe(true);
      expect(h).toBe(golden[f]);
    }
    expect(readdirSync(out).some((f) => f.endsWith('.partial'))).toBe(false);

    const again = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    const reused = Number(/resuming: (\d+) frames/.exec(again.stderr)?.[1]);
    expect(reused).toBeGreaterThanOrEqual(claimed);
    expect(again.stderr).toContain(`${200 - reused} frames rendered, ${reused} reused`);
    expect(await manifestHashes(out)).toEqual(golden);
  });

  it("fails with ffmpeg's last words when ffmpeg dies, leaving no half video", () => {
    const out = tmp();
    const ffmpeg = join(out, '..', `dying-ffmpeg-${process.pid}`);
    // Real ffmpeg for everything but the encode, which reads a little and dies.
    writeFileSync(
      ffmpeg,
      '#!/bin/sh\nfor a; do [ "$a" = pipe:0 ] && { head -c 300000 >/dev/null; echo "encoder exploded" >&2; exit 1; }; done\nexec ffmpeg "$@"\n',
    );
    chmodSync(ffmpeg, 0o755);
    const r = spawnSync(
      process.execPath,
      [BIN, '--size', '320x180', '--frames', '0-99', '--format', 'mp4', '--out', out],
      {
        encoding: 'utf8',
        env: { ...process.env, FFMPEG_PATH: ffmpeg },
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('encoder exploded');
    expect(readdirSync(out).filter((f) => f.includes('mp4'))).toEqual([]);
  });
});
