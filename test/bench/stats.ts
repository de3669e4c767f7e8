/** The statistics the bench's tables print. */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The smallest sample that at least 95 % of the samples do not exceed. */
export function p95(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1]!;
}
