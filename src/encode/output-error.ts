import { UserError } from '../errors.js';

/** Each OS error an output can meet, as a cause and a fix, and its exit code (2: the machine, 1: the path). */
const CAUSES: Record<string, [string, 1 | 2]> = {
  ENOSPC: ['the disk is full (ENOSPC); free some space or write somewhere else', 2],
  EDQUOT: ['the disk quota is used up (EDQUOT); free some space or write somewhere else', 2],
  EROFS: ['the file system is read-only (EROFS); write somewhere else', 1],
  EACCES: ['permission denied (EACCES); write to a folder you may write to', 1],
  EPERM: ['the operation is not permitted (EPERM); write to a folder you may write to', 1],
  EEXIST: ['a file of that name is in the way (EEXIST); move it or write somewhere else', 1],
  ENOTDIR: ['part of the path is a file, not a folder (ENOTDIR); name a folder', 1],
  EISDIR: ['it is a folder, not a file (EISDIR); name a file', 1],
  ENOENT: ['a folder on the way does not exist or was removed (ENOENT); name an existing folder', 1],
  EMFILE: ['too many open files (EMFILE); raise the limit (ulimit -n)', 2],
  EIO: ['the disk reported an input/output error (EIO); check the disk', 2],
};

/** The sentence for an OS error code at a path, or undefined for a code not listed. */
export function osErrorAt(code: string, path: string): UserError | undefined {
  const cause = CAUSES[code];
  return cause ? new UserError(`${path}: ${cause[0]}`, cause[1]) : undefined;
}

/**
 * An OS error met while writing an output, as one sentence naming the path and the cause (no stack);
 * undefined for anything that is not an OS error, which stays an internal error.
 */
export function outputError(e: unknown, path?: string): UserError | undefined {
  if (e instanceof UserError) return e;
  const err = e as NodeJS.ErrnoException | undefined;
  return typeof err?.code === 'string' ? osErrorAt(err.code, path ?? err.path ?? 'output') : undefined;
}

/** Runs an output operation on `path`; an OS error comes out as outputError's sentence. */
export async function writingTo<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw outputError(e, path) ?? e;
  }
}
