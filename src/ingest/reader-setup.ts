/**
 * What every reader sets up the same way, so that all formats share one set of row rules and one
 * accounting: GeoIP opened once, on the first row that needs it; the selection filter; the reject log.
 */
import { bundledGeo, openGeo, type GeoLookup } from './geoip.js';
import { RejectLog } from './reject-log.js';
import { selectionFilter, type Selection } from './select.js';

export interface ReaderSetupOptions {
  geoipDb?: string;
  /** A ready lookup (tests); wins over geoipDb. */
  geo?: GeoLookup;
  strict?: boolean;
  rejectsPath?: string;
  rejectsAppend?: boolean;
  selection?: Selection;
  keepRejects?: number;
}

export async function readerSetup(label: string, opts: ReaderSetupOptions) {
  const fileGeo = opts.geo ?? (opts.geoipDb ? await openGeo(opts.geoipDb) : undefined);
  let geoUsed: GeoLookup | undefined;
  const { rejectsPath: path, rejectsAppend: append, strict, keepRejects: keep } = opts;
  return {
    getGeo: () => (geoUsed = fileGeo ?? bundledGeo()),
    /** The GeoIP data's name once a row used it, else null. */
    geoName: () => (geoUsed ? geoUsed.name : null),
    keep: selectionFilter(opts.selection),
    log: new RejectLog(label, { path, append, strict, keep }),
  };
}

/**
 * The accounting every reader reports (read = accepted + rejected; filtered and blank lines beside), the
 * input's digest (of the bytes read) and the GeoIP data used.
 */
export function ingestSummary(
  counts: { read: number; accepted: number; filtered: number; blankLines: number },
  log: RejectLog,
  input: { digest(): string },
  geoName: () => string | null,
) {
  return { ...counts, ...log.totals, digest: input.digest(), geo: geoName() };
}
