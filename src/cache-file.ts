import { createHash } from 'node:crypto';

/**
 * The envelope of every file portglow keeps in its cache folder (parsed inputs, font atlases): a
 * 4-byte length, a header that starts with the kind's magic line, the payload, then the SHA-256 of
 * everything before it. The checksum is checked before anything in the file is believed, so a torn,
 * damaged or foreign file reads as no file at all.
 */
export function sealCacheFile(head: Buffer, payload: Buffer[]): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  const body = Buffer.concat([len, head, ...payload]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

/** The header after `magic` and the payload of a sealed file, or undefined when it is not a whole,
 *  undamaged file of that kind. */
export function openCacheFile(bytes: Buffer, magic: string): { head: string; payload: Buffer } | undefined {
  if (bytes.length < 4 + 32) return undefined;
  const body = bytes.subarray(0, bytes.length - 32);
  if (!createHash('sha256').update(body).digest().equals(bytes.subarray(body.length))) return undefined;
  const headLen = body.readUInt32LE(0);
  if (4 + headLen > body.length) return undefined;
  const head = body.subarray(4, 4 + headLen).toString('utf8');
  if (!head.startsWith(magic)) return undefined;
  return { head: head.slice(magic.length), payload: body.subarray(4 + headLen) };
}
