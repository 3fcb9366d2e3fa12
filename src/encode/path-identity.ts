import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A path's real location: resolved through links where it exists, else through its parent folder. */
export async function realLocation(path: string): Promise<string> {
  const abs = resolve(path);
  return realpath(abs).catch(async () =>
    join(await realpath(dirname(abs)).catch(() => dirname(abs)), basename(abs)),
  );
}

/** The file's device and inode ("dev:ino"), which hard links share; undefined when it does not exist. */
export async function fileId(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info ? `${info.dev}:${info.ino}` : undefined;
}
