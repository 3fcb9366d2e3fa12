import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutLock } from '../../src/encode/out-lock.js';
import { UserError } from '../../src/errors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'portglow-lock-'));
const quiet = () => undefined;
const lockOf = (dir: string) => join(dir, '.gen-frames.lock');
const plant = (dir: string, pid: number, runId = 'aaaaaaaaaaaa', host = hostname()) =>
  writeFileSync(lockOf(dir), JSON.stringify({ pid, runId, host, started: '2026-01-01T00:00:00Z' }));

describe('the output folder lock', () => {
  it('is taken once: a second taker is refused with the holder PID; release frees it', async () => {
    const dir = tmp();
    const first = await OutLock.acquire(dir, '111111111111', quiet);
    expect(JSON.parse(readFileSync(lockOf(dir), 'utf8'))).toMatchObject({
      pid: process.pid,
      runId: '111111111111',
    });
    const e = await OutLock.acquire(dir, '222222222222', quiet).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toContain(`in use by another gen-frames render (PID ${process.pid}`);
    await first.release();
    expect(existsSync(lockOf(dir))).toBe(false);
    const second = await OutLock.acquire(dir, '222222222222', quiet);
    await second.release();
  });

  it('refuses a lock held by another live process, naming it', async () => {
    const dir = tmp();
    const holder = spawn('sleep', ['30']);
    try {
      plant(dir, holder.pid!);
      const e = await OutLock.acquire(dir, '333333333333', quiet).catch((x: unknown) => x);
      expect((e as UserError).message).toContain(`PID ${holder.pid}`);
      expect(JSON.parse(readFileSync(lockOf(dir), 'utf8')).pid).toBe(holder.pid);
    } finally {
      holder.kill();
    }
  });

  it('takes over the stale lock of a dead process, and says so', async () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    plant(dir, dead, 'deaddeaddead');
    const lines: string[] = [];
    const lock = await OutLock.acquire(dir, '444444444444', (l) => lines.push(l));
    expect(lock.staleRunId).toBe('deaddeaddead');
    expect(lines.join('\n')).toContain(`PID ${dead}, which is no longer running`);
    expect(JSON.parse(readFileSync(lockOf(dir), 'utf8')).runId).toBe('444444444444');
    await lock.release();
  });

  it('judges a lock from another machine by its age', async () => {
    const dir = tmp();
    plant(dir, 12345, 'bbbbbbbbbbbb', 'some-other-host');
    const e = await OutLock.acquire(dir, '555555555555', quiet, 0).catch((x: unknown) => x);
    expect((e as UserError).message).toContain('PID 12345 on some-other-host');
    const old = new Date(Date.now() - 5 * 60_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(lockOf(dir), old, old);
    const lock = await OutLock.acquire(dir, '555555555555', quiet);
    await lock.release();
  });

  it('waits for a fresh lock from another machine to go stale (a replaced pod), then takes it', async () => {
    const dir = tmp();
    plant(dir, 12345, 'bbbbbbbbbbbb', 'dead-pod');
    // 58 s old: stale in 2 s, within the wait.
    const { utimesSync } = await import('node:fs');
    const old = new Date(Date.now() - 58_000);
    utimesSync(lockOf(dir), old, old);
    const lines: string[] = [];
    const lock = await OutLock.acquire(dir, '666666666666', (l) => lines.push(l), 8_000);
    expect(lines[0]).toContain('locked by PID 12345 on dead-pod; waiting');
    expect(lines.at(-1)).toContain('took over the lock of gen-frames PID 12345');
    await lock.release();
  }, 20_000);
});
