/**
 * Store keys name users by a digest, so a shared store (and its backups)
 * never holds an email or a user ID in the clear.
 */
export const userKey = (userId: string): Promise<string> => digest(`invite-inbox:store:${userId}`, 16);

/** How many digests are kept: the active users, bounded (the oldest go first). */
const KEPT = 10_000;
const known = new Map<string, string>();

/**
 * The first `bytes` of SHA-256 of `text`, hex. Remembered: every request hashes
 * its user for the rate limit, the list and the viewer key, and a profile put
 * hashing at the top of the list route.
 */
export async function digest(text: string, bytes: number): Promise<string> {
  const id = `${bytes}:${text}`;
  const hit = known.get(id);
  if (hit !== undefined) return hit;
  const sha = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  const hex = Array.from(new Uint8Array(sha).slice(0, bytes), (b) => b.toString(16).padStart(2, '0')).join('');
  if (known.size >= KEPT) known.delete(known.keys().next().value!);
  known.set(id, hex);
  return hex;
}
