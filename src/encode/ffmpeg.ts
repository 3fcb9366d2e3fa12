/**
 * The one module that runs ffmpeg. fluent-ffmpeg (archived upstream in 2025) is imported here and
 * nowhere else; the command lines come from the pure builders in `ffmpeg-args.ts`, so replacing the
 * runner (by a plain spawn, say) touches this file alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createRequire } from 'node:module';
import type ffmpeg from 'fluent-ffmpeg';
import { UserError } from '../errors.js';
import { STDIN, STDOUT, ffmpegArgv, type FfmpegCall } from './ffmpeg-args.js';
import { osErrorAt } from './output-error.js';

/** The ffmpeg binary: FFMPEG_PATH if set (fluent-ffmpeg's own variable), else `ffmpeg` on PATH. */
export function ffmpegBinary(): string {
  const bin = process.env.FFMPEG_PATH || 'ffmpeg';
  const probe = spawnSync(bin, ['-hide_banner', '-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new UserError(
      `ffmpeg not found (${bin}). Install it (Debian/Ubuntu: sudo apt-get install -y ffmpeg) ` +
        'or set FFMPEG_PATH to an ffmpeg binary.',
      2,
    );
  }
  return bin;
}

/** The last lines ffmpeg wrote to stderr: what a failure message quotes. */
export class StderrTail {
  private readonly lines: string[] = [];
  constructor(private readonly keep = 20) {}
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.shift();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

/** ffmpeg ended with an error; `tail` holds its last stderr lines. */
export class FfmpegFailed extends Error {
  constructor(
    message: string,
    readonly tail: string,
  ) {
    super(message);
    this.name = 'FfmpegFailed';
  }
}

export interface FfmpegIo {
  /** Fed to ffmpeg's stdin; the call's input must be STDIN. */
  stdin?: Readable;
  /** Gets ffmpeg's stdout; the call's output must be STDOUT. Should not emit 'close' (see below). */
  stdout?: Writable;
}

/** The fluent-ffmpeg command for a call, not started (exported so a test can read its argv). */
export function fluentCommand(bin: string, call: FfmpegCall, io: FfmpegIo = {}): ffmpeg.FfmpegCommand {
  if ((call.input === STDIN) !== Boolean(io.stdin))
    throw new Error('stdin stream and STDIN input go together');
  if ((call.output === STDOUT) !== Boolean(io.stdout))
    throw new Error('stdout stream and STDOUT go together');
  // Options passed as separate arguments (not one array) are taken verbatim, never split at spaces.
  // Required on first use, not at start: a render of PNG frames never runs ffmpeg.
  const fluent = createRequire(import.meta.url)('fluent-ffmpeg') as typeof ffmpeg;
  const command = fluent()
    .setFfmpegPath(bin)
    .input(io.stdin ?? call.input)
    .inputOptions(...call.inputOptions);
  command.outputOptions(...call.outputOptions);
  return command.output(io.stdout ?? call.output);
}

export interface FfmpegRun {
  /** Resolves when ffmpeg exits with 0; rejects with FfmpegFailed otherwise. */
  done: Promise<void>;
  kill(): void;
}

/** Starts ffmpeg for a call. */
export function runFfmpeg(bin: string, call: FfmpegCall, io: FfmpegIo = {}): FfmpegRun {
  const tail = new StderrTail();
  const command = fluentCommand(bin, call, io);
  const done = new Promise<void>((resolve, reject) => {
    command
      .on('stderr', (line: string) => tail.push(line))
      .on('error', (e: Error) => reject(new FfmpegFailed(e.message, tail.text())))
      .on('end', () => resolve())
      .run();
  });
  // Callers see the failure where they await `done`, never as an unhandled rejection.
  done.catch(() => undefined);
  return { done, kill: () => command.kill('SIGKILL') };
}

/** An ffmpeg reading raw frames on stdin, fed buffer by buffer without a copy in Node. */
export interface FfmpegFeed extends FfmpegRun {
  /**
   * Queues `bytes` for ffmpeg's stdin; resolves once the OS pipe has taken all of them (from then on
   * the caller may change or reuse them), or once ffmpeg has gone (its failure is in `done`).
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Ends stdin after what was written; ffmpeg then finishes its file. */
  end(): void;
}

/**
 * Starts ffmpeg for a call reading stdin (`call.input` must be STDIN) with a plain spawn, not
 * fluent-ffmpeg: a stream piped into fluent's child only says when its own buffer drained, not when
 * the child's pipe took a chunk, so every frame had to be copied before it was written. Here each
 * write says when the pipe has taken its bytes, so the frame can be lent (see frame-sink.ts). The
 * argument vector is ffmpegArgv's, the one fluent-ffmpeg builds (a test holds the two equal).
 */
export function feedFfmpeg(bin: string, call: FfmpegCall): FfmpegFeed {
  if (call.input !== STDIN || call.output === STDOUT) throw new Error('feedFfmpeg reads stdin into a file');
  const tail = new StderrTail();
  const child = spawn(bin, ffmpegArgv(call), { stdio: ['pipe', 'ignore', 'pipe'] });
  let gone = false;
  let partial = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    const lines = (partial + text).split(/\r\n|\r|\n/);
    partial = lines.pop() ?? '';
    for (const line of lines) tail.push(line);
  });
  // A write into a pipe whose reader has gone fails with EPIPE; the exit code says why it went.
  child.stdin.on('error', () => undefined);
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (e) => reject(new FfmpegFailed(e.message, tail.text())));
    child.once('close', (code, signal) => {
      gone = true;
      if (partial) tail.push(partial);
      if (code === 0) resolve();
      else if (signal) reject(new FfmpegFailed(`ffmpeg was killed with signal ${signal}`, tail.text()));
      else reject(new FfmpegFailed(`ffmpeg exited with code ${code}`, tail.text()));
    });
  });
  done.catch(() => undefined);
  return {
    done,
    kill: () => void (gone || child.kill('SIGKILL')),
    write: (bytes) =>
      gone || child.stdin.destroyed
        ? Promise.resolve()
        : new Promise<void>((resolve) => void child.stdin.write(bytes, () => resolve())),
    end: () => void (child.stdin.destroyed || child.stdin.end()),
  };
}

/** How ffmpeg's stderr spells the OS errors an output can meet (strerror), by code. */
const STRERROR: [RegExp, string][] = [
  [/No space left on device/i, 'ENOSPC'],
  [/Disk quota exceeded/i, 'EDQUOT'],
  [/Read-only file system/i, 'EROFS'],
  [/Permission denied/i, 'EACCES'],
];

/**
 * A failed ffmpeg as one sentence naming what it was doing and the path: an OS error named by its
 * cause (exit 1 or 2 as for any output error), anything else with ffmpeg's last lines (exit 2).
 */
export function ffmpegError(e: unknown, what: string, path: string): UserError {
  if (e instanceof UserError) return e;
  const tail = e instanceof FfmpegFailed ? e.tail : '';
  const message = e instanceof Error ? e.message : String(e);
  for (const [pattern, code] of STRERROR) {
    if (pattern.test(tail) || pattern.test(message)) return osErrorAt(code, path)!;
  }
  return new UserError(`ffmpeg failed ${what} ${path}: ${message}\nffmpeg's last lines:\n${tail}`, 2);
}
