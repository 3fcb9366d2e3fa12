/**
 * An input file as a stream of text bytes: gzip is detected by its magic bytes (1f 8b), not by the
 * name, and decompressed on the fly (concatenated members too). The SHA-256 of the file's own bytes
 * (compressed, as stored) is computed while it streams, for manifests. The path `-` is standard input
 * (its first bytes are read ahead to look for the gzip magic, then put back).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';

export interface OpenedInput {
  /** Decompressed bytes. Errors (I/O, damaged gzip) are emitted here; map them with inputError. */
  stream: Readable;
  gzip: boolean;
  /** SHA-256 hex of the file bytes; complete once `stream` has ended. */
  digest(): string;
}

const CHUNK = 1 << 20;

async function magic(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The path that means standard input, and how messages name it. */
export const STDIN = '-';
export const inputLabel = (path: string) => (path === STDIN ? 'stdin' : path);

/**
 * Reads at least `n` bytes of a stream (or all of a shorter one) and puts them back: the same stream,
 * or, when it has already ended, a new one holding what was read.
 */
async function peekStream(stream: Readable, n: number): Promise<{ head: Buffer; stream: Readable }> {
  const parts: Buffer[] = [];
  let have = 0;
  let ended = stream.readableEnded;
  const onEnd = () => (ended = true);
  stream.once('end', onEnd);
  try {
    while (have < n && !ended) {
      const chunk = stream.read() as Buffer | null;
      if (chunk !== null) {
        parts.push(chunk);
        have += chunk.length;
        continue;
      }
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          stream.off('readable', done);
          stream.off('end', done);
          stream.off('error', fail);
          resolve();
        };
        const fail = (err: Error) => {
          done();
          reject(err);
        };
        stream.once('readable', done);
        stream.once('end', done);
        stream.once('error', fail);
      });
    }
  } finally {
    stream.off('end', onEnd);
  }
  const head = Buffer.concat(parts);
  if (ended) return { head, stream: Readable.from(head.length > 0 ? [head] : []) };
  if (head.length > 0) stream.unshift(head);
  return { head, stream };
}

export async function openInput(path: string): Promise<OpenedInput> {
  let head: Buffer;
  if (path === STDIN) {
    try {
      const peeked = await peekStream(process.stdin, 2);
      return wrap(peeked.stream, peeked.head);
    } catch (err) {
      throw new UserError(`--input -: cannot read standard input (${(err as Error).message})`);
    }
  }
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new UserError(`--input ${path}: not a file`);
    head = await magic(path);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`--input ${path}: no such file`);
    throw new UserError(`--input ${path}: cannot read it (${(err as Error).message})`);
  }
  return wrap(createReadStream(path, { highWaterMark: CHUNK }), head);
}

function wrap(raw: Readable, head: Buffer): OpenedInput {
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const hash = createHash('sha256');
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  let hex: string | undefined;
  const noop = () => {};
  const stream = gzip
    ? pipeline(raw, hasher, createGunzip({ chunkSize: 256 * 1024 }), noop)
    : pipeline(raw, hasher, noop);
  return {
    stream,
    gzip,
    digest: () => (hex ??= hash.digest('hex')),
  };
}

/**
 * A stream error as a UserError naming the file and how far it was read. Errors without a system or
 * zlib code (program bugs) are passed on unchanged, so they keep their stack.
 */
export function inputError(path: string, gzip: boolean, err: unknown, lines: number): Error {
  if (err instanceof UserError || !(err instanceof Error)) return err as Error;
  const e = err as NodeJS.ErrnoException;
  if (typeof e.code !== 'string' || (!e.code.startsWith('Z_') && e.syscall === undefined)) return e;
  if (gzip && (e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message))) {
    return new UserError(
      `${path}: the gzip data is truncated (it ends after line ${lines}); the file is damaged. ` +
        'Download or copy it again, or decompress what is left (zcat) and read that.',
    );
  }
  if (gzip && typeof e.code === 'string' && e.code.startsWith('Z_')) {
    return new UserError(`${path}: damaged gzip data after line ${lines} (${e.message})`);
  }
  return new UserError(`${path}: cannot read it after line ${lines} (${e.message})`);
}
