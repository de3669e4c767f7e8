import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export interface Size {
  raw: number;
  gzip: number;
}

/** Bytes on disk and after gzip -9, the figure a CDN would roughly serve. */
export function sizeOf(content: string | Uint8Array): Size {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
}

export function fileSize(path: string): Size {
  return sizeOf(readFileSync(path));
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(2)} KB`;
}

/** A plain, aligned text table; numbers are right-aligned. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string) => /^[\d.,<>≤~-]+( ?(KB|ms|B))?$/.test(s);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
