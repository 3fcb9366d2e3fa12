import { WebSocket as WsClient } from 'ws';

/**
 * Opens a frame socket at `path` of the server on 127.0.0.1:`port` with exactly these headers, as a
 * process outside the page would: true when it is let in (then closed at once), else the HTTP status
 * of the refusal (0 when there was no answer at all).
 */
export function tryFrameSocket(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<true | number> {
  return new Promise((resolve) => {
    const ws = new WsClient(`ws://127.0.0.1:${port}${path}`, { headers });
    ws.on('open', () => {
      ws.terminate();
      resolve(true);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(0));
  });
}
