import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { CDN_ELEMENTS, CDN_LOCALES } from '../vite.config.js';

export interface Size {
  raw: number;
  gzip: number;
}

/** The goal for `dist/cdn/invite-inbox.js` (Lit and English included), gzip. */
const INBOX_GOAL_GZIP = 12 * 1024;

/** Bytes on disk and after gzip -9, the figure a CDN would roughly serve. */
export function sizeOf(content: string | Uint8Array): Size {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
}

/** Bytes after brotli at its highest quality, what most CDNs serve to browsers that ask for it. */
function brotliSize(content: string | Uint8Array): number {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength;
}

/** The goal column of a size table: the inbox's script-tag file against its goal, else empty. */
function goalCell(file: string, gzip: number): string {
  return file.endsWith('cdn/invite-inbox.js') ? `≤ ${kb(INBOX_GOAL_GZIP)} gzip ${gzip <= INBOX_GOAL_GZIP ? 'ok' : 'OVER'}` : '';
}

/** A size-table row: raw, gzip -9, brotli, and the goal when `label` names the inbox's script-tag file. */
export function sizeRow(label: string, bytes: Uint8Array): string[] {
  const { raw, gzip } = sizeOf(bytes);
  return [label, kb(raw), kb(gzip), kb(brotliSize(bytes)), goalCell(label, gzip)];
}

/** The self-contained script-tag files, relative to `dist/`; the inbox's, the one with a goal, first. */
export const SCRIPT_TAG_FILES: readonly string[] = [
  ...CDN_ELEMENTS.map((e) => `cdn/${e}.js`),
  ...CDN_LOCALES.map((l) => `cdn/locales/${l}.js`),
  'invite-inbox.bundle.js',
  'invite-inbox.iife.js',
];

/** One `sizeRow` per script-tag file in `dist` (each read once), for `npm run build` and `npm run bench -- sizes`. */
export function scriptTagSizeRows(dist: string): string[][] {
  return SCRIPT_TAG_FILES.map((name) => {
    const path = join(dist, name);
    return existsSync(path) ? sizeRow(name, readFileSync(path)) : [name, 'missing', '', '', ''];
  });
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
