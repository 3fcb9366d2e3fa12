import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GrowingInput } from '../../src/ingest/growing-input.js';
import { UserError } from '../../src/errors.js';

const file = (text: string | Buffer) => {
  const path = join(mkdtempSync(join(tmpdir(), 'portglow-grow-')), 'log.csv');
  writeFileSync(path, text);
  return path;
};

describe('a growing input', () => {
  it('hands over whole lines only, and the next snapshot once more lines are in', async () => {
    const path = file('a,b\n1,2\n3,');
    const g = new GrowingInput(path, 10);
    const never = new AbortController().signal;
    expect((await g.next(never))!.bytes.toString()).toBe('a,b\n1,2\n');
    const stop = new AbortController();
    const waiting = g.next(stop.signal);
    // The half line is not a new line: the input waits.
    await new Promise((r) => setTimeout(r, 50));
    appendFileSync(path, '4\n5,6');
    const snap = await waiting;
    expect(snap!.bytes.toString()).toBe('a,b\n1,2\n3,4\n');
    expect(snap!.ended).toBe(false);
    let text = '';
    for await (const c of g.opened().stream) text += String(c);
    expect(text).toBe('a,b\n1,2\n3,4\n');
    setTimeout(() => stop.abort(), 30);
    expect(await g.next(stop.signal)).toBeUndefined();
  });

  it('refuses a file that shrinks or is replaced, and gzip', async () => {
    const path = file('time,src\n1,2\n');
    const g = new GrowingInput(path, 10);
    const never = new AbortController().signal;
    await g.next(never);
    writeFileSync(path, 'x\n');
    await expect(g.next(never)).rejects.toThrow(/truncated or replaced while followed/);
    // No newline in the compressed bytes: still refused, not waited on.
    const gz = new GrowingInput(file(gzipSync('a,b,c,d')), 10);
    await expect(gz.next(never)).rejects.toBeInstanceOf(UserError);
    await expect(gz.next(never)).rejects.toThrow(/is gzip/);
  });
});
