import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import { startFrameServer, type FrameServer } from '../../src/host/chromium/frame-server.js';
import {
  decodePatch,
  encodePatch,
  FRAME_CHUNK_BYTES,
  FRAME_ENVELOPE_BYTES,
  patchBytes,
} from '../../src/host/patch-wire.js';
import { TILE_BYTES } from '../../src/gpu/abi.js';
import { FrameChannel, TransportLost } from '../../harness/frame-channel.js';
import { tryFrameSocket } from '../helpers/frame-socket.js';

const patch = (frame: number, tiles: number[]) => ({
  frame,
  tiles: Uint32Array.from(tiles),
  pixels: Uint8Array.from({ length: tiles.length * TILE_BYTES }, (_, i) => (i * 3 + frame) & 255),
});

describe('the frame socket', () => {
  let server: FrameServer;
  let token: string;
  let port: number;
  let taken: { run: number; body: Buffer }[];
  /** What onFrame does with the next frame: by default take it at once. */
  let onFrame: (run: number, body: Buffer) => Promise<void>;

  beforeEach(async () => {
    taken = [];
    onFrame = async () => undefined;
    server = await startFrameServer({
      pageScript: async () => Buffer.from('/* page */'),
      scene: () => new Uint8Array(0),
      onFrame: (run, body) => {
        taken.push({ run, body: Buffer.from(body) });
        return onFrame(run, body);
      },
      onDone: () => undefined,
      onError: () => undefined,
      onLost: () => undefined,
    });
    const url = new URL(server.url);
    token = url.searchParams.get('token')!;
    port = Number(url.port);
  });
  afterEach(() => server.close());

  /** The page's channel, with `ws`'s client standing in for the browser's WebSocket. */
  const channel = () =>
    new FrameChannel(
      () =>
        new WsClient(`ws://127.0.0.1:${port}/frames?token=${token}`, {
          headers: { origin: server.origin },
        }) as unknown as WebSocket,
    );

  /** A socket of `ws`'s client let in as the page's, for messages made by hand. */
  const openRaw = async () => {
    const ws = new WsClient(`ws://127.0.0.1:${port}/frames?token=${token}`, {
      headers: { origin: server.origin },
    });
    await new Promise((r) => ws.on('open', r));
    return ws;
  };

  /** A frame's bytes as the page sends them: run, seq, then the patch. */
  const frameBytes = (run: number, seq: number, p: ReturnType<typeof patch>) => {
    const [head, pixels] = encodePatch(p);
    const envelope = Buffer.alloc(FRAME_ENVELOPE_BYTES);
    envelope.writeUInt32LE(run, 0);
    envelope.writeUInt32LE(seq, 4);
    return Buffer.concat([envelope, head, pixels]);
  };

  it('carries each frame whole, and a send resolves only once the render has taken it', async () => {
    let release!: () => void;
    onFrame = () => new Promise((r) => (release = r));
    const c = channel();
    let resolved = false;
    const sent = c.send(7, patch(12, [0, 5, 99])).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(taken).toHaveLength(1);
    expect(resolved).toBe(false);
    release();
    await sent;
    onFrame = async () => undefined;
    await c.send(8, patch(13, []));
    expect(taken.map((t) => t.run)).toEqual([7, 8]);
    const back = decodePatch(taken[0].body);
    expect([back.frame, [...back.tiles]]).toEqual([12, [0, 5, 99]]);
    expect(Buffer.from(back.pixels).equals(Buffer.from(patch(12, [0, 5, 99]).pixels))).toBe(true);
    expect(decodePatch(taken[1].body).tiles.length).toBe(0);
  });

  it('puts a frame sent as several messages back together, split anywhere after its head', async () => {
    // From the page: 300 tiles are 78 kB, three messages of at most FRAME_CHUNK_BYTES.
    const big = patch(
      4,
      Array.from({ length: 300 }, (_, i) => i * 2),
    );
    expect(patchBytes(300)).toBeGreaterThan(2 * FRAME_CHUNK_BYTES);
    await channel().send(2, big);
    const back = decodePatch(taken[0].body);
    expect([taken[0].run, back.frame, [...back.tiles]]).toEqual([2, 4, [...big.tiles]]);
    expect(Buffer.from(back.pixels).equals(Buffer.from(big.pixels))).toBe(true);
    // By hand: the envelope and head alone first, then a byte, then the rest.
    const ws = await openRaw();
    const answered = new Promise<string>((r) => ws.on('message', (m) => r(String(m))));
    const whole = frameBytes(3, 9, patch(5, [1, 2]));
    for (const [a, b] of [
      [0, 24],
      [24, 25],
      [25, whole.length],
    ])
      ws.send(whole.subarray(a, b));
    expect(await answered).toBe('9');
    expect(taken[1].run).toBe(3);
    expect(taken[1].body.equals(whole.subarray(FRAME_ENVELOPE_BYTES))).toBe(true);
    ws.close();
  });

  it('closes a socket whose messages do not make a frame', async () => {
    const whole = frameBytes(1, 1, patch(0, [3]));
    const cases: [string, Buffer[], number][] = [
      ['a first message shorter than run, seq and the head', [whole.subarray(0, 20)], 1003],
      [
        'a message that runs past its frame',
        [whole.subarray(0, 30), Buffer.concat([whole.subarray(30), whole])],
        1003,
      ],
      ['a message longer than FRAME_CHUNK_BYTES', [Buffer.alloc(FRAME_CHUNK_BYTES + 1)], 1009],
    ];
    for (const [what, messages, code] of cases) {
      const ws = await openRaw();
      const closed = new Promise<number>((r) => ws.on('close', (c) => r(c)));
      for (const m of messages) ws.send(m);
      expect(await closed, what).toBe(code);
    }
    expect(taken).toEqual([]);
  });

  it('keeps frames in flight apart: each answer settles its own send', async () => {
    const holds: (() => void)[] = [];
    onFrame = () => new Promise((r) => holds.push(r));
    const c = channel();
    const settled: number[] = [];
    const sends = [1, 2, 3].map((f) => c.send(1, patch(f, [f])).then(() => settled.push(f)));
    while (holds.length < 3) await new Promise((r) => setTimeout(r, 10));
    holds[2]();
    holds[0]();
    await Promise.all([sends[0], sends[2]]);
    expect(settled.sort()).toEqual([1, 3]);
    holds[1]();
    await sends[1];
  });

  it('lets in only a socket at /frames with the token, the exact Host and no foreign Origin', async () => {
    const good = { host: `127.0.0.1:${port}`, origin: server.origin };
    expect(await tryFrameSocket(port, `/frames?token=${token}`, good)).toBe(true);
    const refused: [string, Record<string, string>][] = [
      ['/frames', good],
      [`/frames?token=${'f'.repeat(48)}`, good],
      [`/frames?token=${token.slice(1)}`, good],
      [`/other?token=${token}`, good],
      [`/frames?token=${token}`, { ...good, host: `localhost:${port}` }],
      [`/frames?token=${token}`, { ...good, origin: 'http://127.0.0.1:1' }],
      [`/frames?token=${token}`, { ...good, origin: 'null' }],
    ];
    for (const [path, headers] of refused) {
      expect(await tryFrameSocket(port, path, headers), `${path} ${JSON.stringify(headers)}`).toBe(403);
    }
    expect(taken).toEqual([]);
  });

  it('answers a refused frame with the reason, the token cut out of it', async () => {
    onFrame = () => Promise.reject(new Error(`unexpected frame 3 (${token})`));
    const e = await channel()
      .send(1, patch(3, [1]))
      .catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toBe('frame refused: unexpected frame 3 (<token>)');
  });

  it('closes a socket that sends anything but a binary frame message', async () => {
    const ws = new WsClient(`ws://127.0.0.1:${port}/frames?token=${token}`, {
      headers: { origin: server.origin },
    });
    await new Promise((r) => ws.on('open', r));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.send('not a frame');
    expect(await closed).toBe(1003);
    expect(taken).toEqual([]);
  });

  it('fails the frames in flight as a lost transport when the server goes, and cannot send after', async () => {
    onFrame = () => new Promise(() => undefined); // never taken
    const c = channel();
    const waiting = c.send(1, patch(0, [1])).catch((x: Error) => x);
    while (taken.length === 0) await new Promise((r) => setTimeout(r, 10));
    await server.close();
    expect(await waiting).toBeInstanceOf(TransportLost);
    expect(await c.send(1, patch(1, [1])).catch((x: Error) => x)).toBeInstanceOf(TransportLost);
  });
});
