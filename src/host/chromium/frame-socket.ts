import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { FRAME_ENVELOPE_BYTES } from '../patch-wire.js';

/**
 * Frames travel from the page to Node over one WebSocket on the render's own server, not one POST
 * each: a 0.5 MB `fetch` body cost the page's main thread about 13 ms a frame at 1080p on SwiftShader
 * (Chromium copies it through the blob and URL-loader machinery), where a socket message is one copy.
 *
 * A message from the page is binary: u32 run, u32 seq (FRAME_ENVELOPE_BYTES, little-endian), then
 * one patch (src/host/patch-wire.ts). Node answers each with a text message once the frame is taken (which is
 * when the render has room for more, so the page never runs ahead): `seq`, or `seq!why` when it was
 * refused. The socket is opened at `/frames` with the token in the address, and passes the same
 * Host, Origin and token gate as every request to the server; any other upgrade gets 403.
 */

/** A frame's size is bounded by the picture (at most 8K: 133 MB of pixels and tile ids), not by this. */
const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

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
    maxPayload: MAX_MESSAGE_BYTES,
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
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary || data.length < FRAME_ENVELOPE_BYTES) {
          ws.close(1003, 'a frame message is binary: run, seq, patch');
          return;
        }
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
