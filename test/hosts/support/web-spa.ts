/**
 * The steps every built single-page host (Vue, Svelte, Angular) goes through
 * once it has built: served with the proxy by a small Node server, opened in
 * Chromium as alice, cards shown, one accepted, the host's own handler seen
 * writing the joined scope into the page, and a quiet console throughout.
 */
import assert from 'node:assert/strict';
import { acceptDesignGuild, openSession, startHostServer } from './web-app.js';

export async function acceptInChromium(app: string, builtDir: string): Promise<void> {
  const server = await startHostServer(app, { '/': builtDir });
  try {
    const session = await openSession(server.url);
    try {
      await session.page.goto(server.url);
      await acceptDesignGuild(session.page);
      await session.page.locator('#host-joined', { hasText: 'Design Guild' }).waitFor({ timeout: 30_000 });
      const cards = await session.page.locator('invite-inbox [part="card"]').count();
      assert.ok(cards >= 2, `alice's cards are shown (${cards})`);
      assert.deepEqual(
        session.logs.filter((l) => /^(error|warning|pageerror)/.test(l)),
        [],
        'no errors or warnings in the console',
      );
    } finally {
      await session.close();
    }
  } finally {
    await server.close();
  }
}

/** Diagnostics of a checker run, one per line, that name `file`. */
export function errorsIn(output: string, file: string): string[] {
  return output.split('\n').filter((line) => line.includes(file) && /error/i.test(line));
}
