import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
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

  it('refuses a bad picture option with the flag named, exit 1', () => {
    const r = spawnSync(process.execPath, [BIN, 'studio', '--travel', '0'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/travel/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
