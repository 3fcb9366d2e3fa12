/** InputStats as readable text tables (the default output of `gen-frames stats`). */
import type { InputStats } from './compute-stats.js';

const num = (n: number) => n.toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Columns padded to their widest cell; numbers (all cells but the first) right-aligned. */
export function table(rows: string[][], indent = '  '): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map(
      (r) =>
        indent + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '),
    )
    .join('\n');
}

export function formatStats(s: InputStats): string {
  const out: string[] = [];
  out.push(`input     ${s.source} (${s.format})`);
  out.push(`sha256    ${s.digest}`);
  if (s.geo) out.push(`geoip     ${s.geo}`);
  out.push('');
  out.push('rows');
  const r = s.rows;
  const rowLines: string[][] = [
    ['read', num(r.read)],
    ['accepted', num(r.accepted)],
    ['rejected', num(r.rejected)],
  ];
  for (const [reason, n] of Object.entries(s.rejectedByReason)) rowLines.push([`  ${reason}`, num(n)]);
  rowLines.push(['filtered (outside the selection)', num(r.filtered)], ['used', num(r.used)]);
  if (r.blankLines > 0) rowLines.push(['blank lines (not rows)', num(r.blankLines)]);
  if (r.skipped > 0) rowLines.push(['other lines (not connections)', num(r.skipped)]);
  if (r.packets !== r.used) rowLines.push(['packets of the rows used', num(r.packets)]);
  out.push(table(rowLines));
  out.push('');
  out.push(`span      ${s.span.first ?? '-'} .. ${s.span.last ?? '-'} (${s.span.days} days)`);
  out.push(
    `distinct  ${num(s.distinct.sources)} sources, ${num(s.distinct.countries)} countries, ` +
      `${num(s.distinct.ports)} TCP/UDP ports`,
  );
  out.push('');
  out.push('protocols');
  const used = r.packets || 1;
  out.push(
    table((['tcp', 'udp', 'icmp'] as const).map((p) => [p, num(s.protocols[p]), pct(s.protocols[p] / used)])),
  );
  out.push('');
  out.push('hosts');
  out.push(
    s.hosts.length
      ? table(s.hosts.map((h) => [h.host || '(none)', num(h.packets), pct(h.packets / used)]))
      : '  -',
  );
  out.push('');
  out.push('top countries');
  out.push(
    s.countries.length
      ? table(s.countries.map((c) => [`${c.cc}  ${c.country}`, num(c.packets), pct(c.share)]))
      : '  -',
  );
  out.push('');
  out.push('top ports');
  out.push(
    s.ports.length
      ? table(s.ports.map((p) => [`${p.proto}/${p.port}`, num(p.packets), pct(p.share)]))
      : '  -',
  );
  return out.join('\n') + '\n';
}
