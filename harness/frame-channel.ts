/**
 * The page's end of the frame socket (src/host/chromium/frame-socket.ts): one WebSocket to the render's
 * server, opened on first use and again after it closed; each frame as binary messages of at most
 * FRAME_CHUNK_BYTES, its send resolved when Node has taken it.
 */
import type { FramePatch } from '../src/gpu/frame-renderer.js';
import { encodePatch, FRAME_CHUNK_BYTES, FRAME_ENVELOPE_BYTES } from '../src/host/patch-wire.js';

/** Sends a frame's bytes as messages of at most FRAME_CHUNK_BYTES (send copies each when called). */
function sendChunked(ws: WebSocket, frame: Uint8Array<ArrayBuffer>): void {
  for (let at = 0; at < frame.length; at += FRAME_CHUNK_BYTES) {
    ws.send(frame.subarray(at, Math.min(at + FRAME_CHUNK_BYTES, frame.length)));
  }
}

/** The socket could not be opened or closed under a frame: Chromium's network process died. */
export class TransportLost extends Error {}

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

export class FrameChannel {
  private socket: Promise<WebSocket> | undefined;
  /** The socket once open, until it closes. */
  private ready: WebSocket | undefined;
  private seq = 0;
  private readonly waiting = new Map<number, Waiter>();
  /**
   * One frame is built here and sent, then the bytes are reused: WebSocket.send copies what it is
   * given when called, and fresh 0.5-8 MB arrays a frame cost page faults on every one.
   */
  private scratch: Uint8Array<ArrayBuffer> = new Uint8Array(0);

  /** `connect` opens the socket: in the page a WebSocket to `/frames`, in tests `ws`'s client. */
  constructor(private readonly connect: () => WebSocket) {}

  /**
   * Sends frame `patch` of render `run`: its bytes are copied before this returns (the caller may lend
   * them only for the call); the promise resolves once Node took the frame, rejects if it refused it.
   */
  send(run: number, patch: FramePatch): Promise<void> {
    const seq = (this.seq = (this.seq + 1) >>> 0);
    const taken = new Promise<void>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    const [head, pixels] = encodePatch(patch);
    const size = FRAME_ENVELOPE_BYTES + head.length + pixels.length;
    const write = (into: Uint8Array<ArrayBuffer>) => {
      const v = new DataView(into.buffer, into.byteOffset);
      v.setUint32(0, run, true);
      v.setUint32(4, seq, true);
      into.set(head, FRAME_ENVELOPE_BYTES);
      into.set(pixels, FRAME_ENVELOPE_BYTES + head.length);
      return into.subarray(0, size);
    };
    if (this.ready) {
      if (this.scratch.length < size) this.scratch = new Uint8Array(size + (size >> 2));
      sendChunked(this.ready, write(this.scratch));
    } else {
      // The socket is still opening (the first frame): this frame waits in its own bytes.
      const message = write(new Uint8Array(size));
      this.open().then(
        (ws) => sendChunked(ws, message),
        (e: Error) => this.settle(seq, e),
      );
    }
    return taken;
  }

  private open(): Promise<WebSocket> {
    return (this.socket ??= new Promise((resolve, reject) => {
      const ws = this.connect();
      let opened = false;
      ws.onopen = () => {
        opened = true;
        this.ready = ws;
        resolve(ws);
      };
      // A failed or broken socket is also closed: onclose says what it means for the frames.
      ws.onerror = () => undefined;
      ws.onmessage = (e: MessageEvent) => this.answer(String(e.data));
      ws.onclose = (e: CloseEvent) => {
        this.socket = undefined;
        this.ready = undefined;
        const lost = new TransportLost(
          `the frame socket closed (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`,
        );
        if (!opened) reject(lost);
        for (const w of this.waiting.values()) w.reject(lost);
        this.waiting.clear();
      };
    }));
  }

  /** Node's answer to message `seq`: `seq`, or `seq!why`. */
  private answer(text: string): void {
    const bang = text.indexOf('!');
    const seq = Number(bang < 0 ? text : text.slice(0, bang));
    this.settle(seq, bang < 0 ? undefined : new Error(`frame refused: ${text.slice(bang + 1)}`));
  }

  private settle(seq: number, failure?: Error): void {
    const w = this.waiting.get(seq);
    if (!w) return;
    this.waiting.delete(seq);
    if (failure) w.reject(failure);
    else w.resolve();
  }
}
