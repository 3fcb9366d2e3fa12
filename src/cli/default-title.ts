import { basename } from 'node:path';

/** "portglow · marx-cc.csv.gz" for a file, "portglow · synthetic day (seed 42)" otherwise. */
export function defaultTitle(source: string): string {
  if (source.startsWith('file:')) return `portglow · ${basename(source.slice(5))}`;
  if (source.startsWith('files:'))
    return `portglow · ${source
      .slice(6)
      .split(',')
      .map((p) => basename(p))
      .join(', ')}`;
  return `portglow · synthetic traffic (seed ${source.split(':')[1]})`;
}
