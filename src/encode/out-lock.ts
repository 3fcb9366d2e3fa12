import { link, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { LOCK_FILE, tempPath } from './output-names.js';
import { outputError, writingTo } from './output-error.js';

interface LockRecord {
  pid: number;
  runId: string;
  host: string;
  started: string;
  /** When the holder last touched the lock (it does so every REFRESH_MS). */
  mtimeMs?: number;
}

/** A holder touches its lock this often, so a lock from another machine can be judged by its age. */
const REFRESH_MS = 10_000;
/** A lock from another machine untouched for this long is stale (its holder stopped refreshing). */
const REMOTE_STALE_MS = 60_000;
const UNREADABLE: LockRecord = { pid: 0, runId: '', host: '', started: '' };

/** Whether a process with this id is running on this machine (EPERM: it runs as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockRecord | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const r = JSON.parse(text) as LockRecord;
    const good = Number.isSafeInteger(r.pid) && typeof r.runId === 'string' && typeof r.host === 'string';
    return good ? { ...r, mtimeMs: info.mtimeMs } : UNREADABLE;
  } catch (e) {
    // Gone between two looks: try again. Unreadable or not JSON: a lock nobody holds (pid 0).
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return UNREADABLE;
  }
}

/**
 * Whether a lock's holder may still be running: on this machine, while its PID is alive; on another
 * (a shared volume), while it keeps touching the lock.
 */
function held(r: LockRecord): boolean {
  if (r.pid <= 0) return false;
  if (r.host !== hostname()) return Date.now() - (r.mtimeMs ?? 0) < REMOTE_STALE_MS;
  return alive(r.pid);
}

/**
 * The lock of an output folder: a file created with link(2), which fails when the name exists, so of
 * two renders started at once exactly one gets the folder. A lock whose process is gone (SIGKILL,
 * power cut) is stale: it is moved aside by rename (atomic, so only one taker wins) and taken over.
 */
export class OutLock {
  private readonly refresh: NodeJS.Timeout;

  private constructor(
    readonly path: string,
    private readonly runId: string,
    /** The run id of a dead holder whose lock was taken over (its temporary files may go). */
    readonly staleRunId: string | undefined,
  ) {
    this.refresh = setInterval(() => {
      const now = new Date();
      utimes(path, now, now).catch(() => undefined);
    }, REFRESH_MS).unref();
  }

  /**
   * `remoteWaitMs`: how long to wait for a lock from another machine to go stale. A replaced pod (a new
   * host name) finds its dead predecessor's lock still fresh, and waits for it rather than failing.
   */
  static async acquire(
    dir: string,
    runId: string,
    log: (line: string) => void,
    remoteWaitMs = REMOTE_STALE_MS + REFRESH_MS,
  ): Promise<OutLock> {
    const waitUntil = Date.now() + remoteWaitMs;
    const path = join(dir, LOCK_FILE);
    const mine: LockRecord = { pid: process.pid, runId, host: hostname(), started: new Date().toISOString() };
    const temp = tempPath(path, runId);
    await writingTo(path, () => writeFile(temp, JSON.stringify(mine) + '\n', { flag: 'wx' }));
    let stale: string | undefined;
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          await link(temp, path);
          return new OutLock(path, runId, stale);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        const holder = await readLock(path);
        if (!holder) continue;
        if (held(holder)) {
          const remote = holder.host !== hostname();
          if (!remote || Date.now() >= waitUntil) throw inUse(dir, path, holder);
          log(
            `${dir}: locked by PID ${holder.pid} on ${holder.host}; waiting to see whether it is still running`,
          );
          const staleAt = (holder.mtimeMs ?? 0) + REMOTE_STALE_MS + 100;
          await new Promise((r) => setTimeout(r, Math.max(10, Math.min(staleAt, waitUntil) - Date.now())));
          attempt--;
          continue;
        }
        // Stale: move it aside under a name of this run, and look at what was moved (another taker
        // may have put a live lock there between the read and the rename).
        const aside = tempPath(path, runId, '.stale');
        try {
          await rename(path, aside);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw e;
        }
        const moved = await readLock(aside);
        if (moved && held(moved)) {
          await link(aside, path).catch(() => undefined);
          await rm(aside, { force: true });
          throw inUse(dir, path, moved);
        }
        await rm(aside, { force: true });
        stale = moved?.runId || undefined;
        log(
          `${dir}: took over the lock of gen-frames PID ${moved?.pid ?? holder.pid}, which is no longer running`,
        );
      }
      throw new UserError(
        `${dir}: could not take the lock ${path} after 5 tries; is another render starting there?`,
      );
    } catch (e) {
      throw e instanceof UserError ? e : (outputError(e, path) ?? e);
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Removes the lock if it is still this run's. */
  async release(): Promise<void> {
    clearInterval(this.refresh);
    const r = await readLock(this.path);
    if (r?.runId === this.runId) await rm(this.path, { force: true });
  }
}

function inUse(dir: string, path: string, r: LockRecord): UserError {
  const where = r.host && r.host !== hostname() ? ` on ${r.host}` : '';
  return new UserError(
    `${dir} is in use by another gen-frames render (PID ${r.pid}${where}, since ${r.started || 'unknown'}); ` +
      `wait for it to finish or choose another --out (if no such render runs, delete ${path})`,
  );
}
