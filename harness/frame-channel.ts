/**
 * The page's end of the frame socket (src/host/chromium/frame-socket.ts): one WebSocket to the render's
 * server, opened on first use and again after it closed; each frame one binary message, its send
 * resolved when Node has taken it.
 */
import type { FramePatch } from '../src/gpu/frame-renderer.js';
import { encodePatch, FRAME_ENVELOPE_BYTES } from '../src/host/patch-wire.js';

/** The socket could not be opened or closed under a frame: Chromium's network process died. */
export class TransportLost extends Error {}

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

export class FrameChannel {
  private socket: Promise<WebSocket> | undefined;
  private seq = 0;
  private readonly waiting = new Map<number, Waiter>();
  /**
   * One message is built here and sent, then the bytes are reused: WebSocket.send copies what it is
   * given when called, and fresh 0.5-8 MB arrays a frame cost page faults on every one.
   */
  private scratch = new Uint8Array(0);

  /** `connect` opens the socket: in the page a WebSocket to `/frames`, in tests `ws`'s client. */
  constructor(private readonly connect: () => WebSocket) {}

  /** Sends frame `patch` of render `run`; resolves once Node took it, rejects if it refused it. */
  async send(run: number, patch: FramePatch): Promise<void> {
    const ws = await this.open();
    const seq = (this.seq = (this.seq + 1) >>> 0);
    const [head, pixels] = encodePatch(patch);
    const size = FRAME_ENVELOPE_BYTES + head.length + pixels.length;
    if (this.scratch.length < size) this.scratch = new Uint8Array(size + (size >> 2));
    const v = new DataView(this.scratch.buffer);
    v.setUint32(0, run, true);
    v.setUint32(4, seq, true);
    this.scratch.set(head, FRAME_ENVELOPE_BYTES);
    this.scratch.set(pixels, FRAME_ENVELOPE_BYTES + head.length);
    const taken = new Promise<void>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    ws.send(this.scratch.subarray(0, size));
    return taken;
  }

  private open(): Promise<WebSocket> {
    return (this.socket ??= new Promise((resolve, reject) => {
      const ws = this.connect();
      let opened = false;
      ws.onopen = () => {
        opened = true;
        resolve(ws);
      };
      // A failed or broken socket is also closed: onclose says what it means for the frames.
      ws.onerror = () => undefined;
      ws.onmessage = (e: MessageEvent) => this.answer(String(e.data));
      ws.onclose = (e: CloseEvent) => {
        this.socket = undefined;
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
    const w = this.waiting.get(seq);
    if (!w) return;
    this.waiting.delete(seq);
    if (bang < 0) w.resolve();
    else w.reject(new Error(`frame refused: ${text.slice(bang + 1)}`));
  }
}
