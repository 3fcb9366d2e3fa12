import type { Timeline } from '../timeline/timeline.js';
import { ICMP_COLOUR, TCP_COLOUR, UDP_COLOUR } from './palette.js';

export interface Marker {
  x: number;
  y: number;
  radius: number;
  colour: number;
  /** The port, -1 for a side's "other ports" marker and for ICMP. */
  port: number;
  proto: 'udp' | 'tcp' | 'icmp';
}

export interface PortLayout {
  markers: Marker[];
  /** Timeline target index → marker index. */
  markerOf: Uint32Array;
  udpRight: number;
  tcpLeft: number;
}

interface Area {
  W: number;
  H: number;
  top: number;
  bottom: number;
  s: (v: number) => number;
}

/**
 * Port markers in a grid on each side, ordered by port number; when more ports had traffic than
 * cells, the busiest get a cell and the rest share the side's last cell ("other ports").
 */
export function layoutPorts(t: Timeline, a: Area): PortLayout {
  const panelW = Math.round(a.W * 0.3);
  const panelH = a.bottom - a.top;
  const udpLeft = Math.round(a.W * 0.03);
  const tcpLeft = a.W - udpLeft - panelW;
  const grid = (ports: number) => {
    // The cell that lets this side's ports (and its "other" cell) fill the panel without crowding.
    const fit = Math.floor(Math.sqrt((panelW * panelH) / (ports + 1)));
    const cell = Math.max(a.s(14), Math.min(a.s(48), fit));
    const cols = Math.max(1, Math.floor(panelW / cell));
    const rows = Math.max(1, Math.floor(panelH / cell));
    return { cell, cols, capacity: cols * rows - 1 };
  };
  const markers: Marker[] = [];
  const markerOf = new Uint32Array(t.targets.length);

  const side = (proto: 'udp' | 'tcp', left: number, colour: number) => {
    const ids = t.targets.map((tg, i) => i).filter((i) => t.targets[i].proto === proto);
    const { cell, cols, capacity } = grid(ids.length);
    const shown = [...ids]
      .sort((x, y) => t.targetPackets[y] - t.targetPackets[x] || t.targets[x].port - t.targets[y].port)
      .slice(0, capacity)
      .sort((x, y) => t.targets[x].port - t.targets[y].port);
    const at = (k: number) => ({
      x: left + (k % cols) * cell + (cell >> 1),
      y: a.top + Math.floor(k / cols) * cell + (cell >> 1),
    });
    const base = markers.length;
    shown.forEach((id, k) => {
      markers.push({ ...at(k), radius: a.s(3), colour, port: t.targets[id].port, proto });
    });
    const other = markers.length;
    markers.push({ ...at(Math.min(shown.length, capacity)), radius: a.s(4), colour, port: -1, proto });
    for (const id of ids) markerOf[id] = other;
    shown.forEach((id, k) => (markerOf[id] = base + k));
  };
  side('udp', udpLeft, UDP_COLOUR);
  side('tcp', tcpLeft, TCP_COLOUR);
  const icmp = markers.length;
  markers.push({
    x: a.W >> 1,
    y: a.bottom + a.s(22),
    radius: a.s(5),
    colour: ICMP_COLOUR,
    port: -1,
    proto: 'icmp',
  });
  t.targets.forEach((tg, i) => {
    if (tg.proto === 'icmp') markerOf[i] = icmp;
  });
  return { markers, markerOf, udpRight: udpLeft + panelW, tcpLeft };
}
