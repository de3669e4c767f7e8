/**
 * Store keys name users by a digest, so a shared store (and its backups)
 * never holds an email or a user ID in the clear.
 */
export async function userKey(userId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`invite-inbox:store:${userId}`));
  return Array.from(new Uint8Array(digest).slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}
