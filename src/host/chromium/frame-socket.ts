import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { FRAME_CHUNK_BYTES, FRAME_ENVELOPE_BYTES, PATCH_HEAD_BYTES, patchBytes } from '../patch-wire.js';

/**
 * Frames travel from the page to Node over one WebSocket on the render's own server, not one POST
 * each: a 0.5 MB `fetch` body cost the page's main thread about 13 ms a frame at 1080p on SwiftShader
 * (Chromium copies it through the blob and URL-loader machinery), where a socket message is one copy.
 *
 * A frame from the page is binary: u32 run, u32 seq (FRAME_ENVELOPE_BYTES, little-endian), then one
 * patch (src/host/patch-wire.ts), sent as messages of at most FRAME_CHUNK_BYTES in a row; the first
 * holds the envelope and the patch's head, whose tile count gives the frame's length. Node answers each
 * frame with a text message once it is taken (which is when the render has room for more, so the page
 * never runs ahead): `seq`, or `seq!why` when it was refused. The socket is opened at `/frames` with the token in the address, and passes the same
 * Host, Origin and token gate as every request to the server; any other upgrade gets 403.
 */

/** A frame's size is bounded by the picture (at most 8K: 133 MB of pixels and tile ids), not by this. */
const MAX_FRAME_BYTES = 512 * 1024 * 1024;

/** A frame put back together from its messages. */
export class Reassembly {
  private body: Buffer | undefined;
  private filled = 0;

  /** Takes the frame's next message; returns the whole frame once it is complete. Throws on one that does not fit. */
  add(chunk: Buffer): Buffer | undefined {
    if (!this.body) {
      const headed = FRAME_ENVELOPE_BYTES + PATCH_HEAD_BYTES;
      if (chunk.length < headed) throw new Error(`a frame's first message holds run, seq and the patch head (${headed} bytes)`); // prettier-ignore
      const length = FRAME_ENVELOPE_BYTES + patchBytes(chunk.readUInt32LE(FRAME_ENVELOPE_BYTES + 4));
      if (length > MAX_FRAME_BYTES)
        throw new Error(`a frame of ${length} bytes is larger than any picture's`);
      if (chunk.length === length) return chunk;
      this.body = Buffer.allocUnsafe(length);
      this.filled = 0;
    }
    const body = this.body;
    if (this.filled + chunk.length > body.length) throw new Error('a message runs past the end of its frame');
    chunk.copy(body, this.filled);
    this.filled += chunk.length;
    if (this.filled < body.length) return undefined;
    this.body = undefined;
    return body;
  }
}

export interface FrameSockets {
  /** Drops every open socket at once (the server is closing). */
  close(): void;
}

/** Serves frame sockets on `server`'s upgrades that `allowed` passes; hands each frame to `onFrame`. */
export async function acceptFrameSockets(
  server: http.Server,
  allowed: (req: http.IncomingMessage, url: URL) => boolean,
  onFrame: (run: number, body: Buffer) => Promise<void>,
  redact: (text: string) => string,
): Promise<FrameSockets> {
  // Loaded with the server, not with the CLI: a render through Dawn never needs it.
  const { WebSocketServer } = await import('ws');
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: FRAME_CHUNK_BYTES, // the page sends no longer message
    perMessageDeflate: false,
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/frames' || !allowed(req, url)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      const frames = new Reassembly();
      ws.on('message', (chunk: Buffer, isBinary: boolean) => {
        let data: Buffer | undefined;
        try {
          if (!isBinary) throw new Error('a frame message is binary: run, seq, patch');
          data = frames.add(chunk);
        } catch (e) {
          ws.close(1003, (e as Error).message);
          return;
        }
        if (!data) return; // more of the frame to come
        const run = data.readUInt32LE(0);
        const seq = data.readUInt32LE(4);
        Promise.resolve()
          .then(() => onFrame(run, data.subarray(FRAME_ENVELOPE_BYTES)))
          .then(
            () => ws.send(String(seq)),
            (e: unknown) => ws.send(`${seq}!${redact(e instanceof Error ? e.message : String(e))}`),
          );
      });
    });
  });
  return {
    close() {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
    },
  };
}
