import { spawn } from 'node:child_process';

/**
 * A tiny process that outlives the render only to clean up after it. It reads the browser's process
 * group from its stdin, then waits for stdin to close: the render released it (clean close) or the
 * render died, however (SIGKILL included, as the kernel closes the pipe). Then it kills the group
 * and removes the profile folder. Chromium over a pipe also exits by itself when the pipe closes
 * (measured: within ~0.5 s), but not its profile folder, and not if it hangs.
 */
const SCRIPT = [
  'read -r pgid',
  'cat >/dev/null',
  '[ -n "$pgid" ] && kill -KILL "-$pgid" 2>/dev/null',
  'rm -rf -- "$1" 2>/dev/null || { sleep 1; rm -rf -- "$1"; }',
].join('\n');

export interface Watchdog {
  /** Tells the watchdog which process group to kill should the render die. */
  arm: (pgid: number) => void;
  /** The render cleaned up itself: the watchdog exits without doing anything. */
  release: () => void;
}

export function startWatchdog(profile: string): Watchdog {
  // Its own session: a Ctrl-C in the terminal (meant for the render) does not end it early.
  const child = spawn('/bin/sh', ['-c', SCRIPT, 'portglow-watchdog', profile], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.on('error', () => undefined); // no /bin/sh: Chromium still exits when its pipe closes
  child.stdin.on('error', () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  let released = false;
  return {
    arm: (pgid) => {
      if (!released) child.stdin.write(`${pgid}\n`);
    },
    release: () => {
      if (released) return;
      released = true;
      child.kill('SIGKILL');
    },
  };
}
