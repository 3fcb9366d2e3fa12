import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');

describe('gen-frames studio (command line)', () => {
  it('prints a tokened 127.0.0.1 address, refuses requests without the token, stops on Ctrl-C with 0', async () => {
    const child = spawn(process.execPath, [BIN, 'studio', '--seed', '5', '--size', '160x90'], { stdio: ['ignore', 'pipe', 'pipe'] }); // prettier-ignore
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /studio: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48})\n/.exec(out);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const u = new URL(url);
      const token = u.searchParams.get('token')!;
      expect((await fetch(new URL('/info', u.origin))).status).toBe(403);
      const info = await fetch(new URL(`/info?token=${token}`, u.origin));
      expect(info.status).toBe(200);
      expect(((await info.json()) as { width: number }).width).toBe(160);
      expect((await fetch(new URL(`/?token=${token}`, u.origin))).headers.get('content-security-policy')).toContain("default-src 'none'"); // prettier-ignore
      const code = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('prints the picture as a config file with --print-config, and reads one with --config', () => {
    const r = spawnSync(process.execPath, [BIN, 'studio', '--seed', '5', '--palette', 'okabe-ito', '--open', '--print-config'], { encoding: 'utf8' }); // prettier-ignore
    expect(r.status, r.stderr).toBe(0);
    const config = parseYaml(r.stdout) as Record<string, unknown>;
    expect(config).toMatchObject({ seed: 5, palette: 'okabe-ito', travel: 12 });
    // --open is about this run, not the picture.
    expect(config).not.toHaveProperty('open');
    const file = join(mkdtempSync(join(tmpdir(), 'portglow-studio-cli-')), 'studio.yaml');
    writeFileSync(file, r.stdout);
    const again = spawnSync(process.execPath, [BIN, 'studio', '--config', file, '--print-config'], { encoding: 'utf8' }); // prettier-ignore
    expect([again.status, again.stdout]).toEqual([0, r.stdout]);
  });

  it('refuses a bad picture option with the flag named, exit 1', () => {
    const r = spawnSync(process.execPath, [BIN, 'studio', '--travel', '0'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/travel/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
