import { rename, writeFile } from 'node:fs/promises';

export interface FrameRecord {
  index: number;
  /** SHA-256 of the frame's raw RGBA bytes, hex. */
  sha256: string;
}

export interface Manifest {
  tool: string;
  version: string;
  options: Record<string, unknown>;
  input: { source: string; digest: string; rows: number };
  width: number;
  height: number;
  adapter: string;
  frames: FrameRecord[];
}

/** Written to a temporary file and renamed: a reader never sees half a manifest. */
export async function writeManifest(path: string, m: Manifest): Promise<void> {
  const temp = `${path}.partial`;
  await writeFile(temp, JSON.stringify(m, null, 1) + '\n');
  await rename(temp, path);
}
