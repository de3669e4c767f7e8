/**
 * An Express 5 host whose user lives in `express-session`: a login route puts
 * the user in `req.session`, the proxy reads it there through `getIdentity`'s
 * `{ req }` context, typed as the host's own `express.Request`. The page loads
 * the script-tag bundle from node_modules and logs accepted invitations from
 * its own event handler.
 */
export const expressAppFiles: Record<string, string> = {
  'server.ts': `import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import session from 'express-session';
import { createInviteProxy, inviteProxyMiddleware, seedApiProvider, type ExpressContext } from 'invite-inbox/server';

declare module 'express-session' {
  interface SessionData {
    user?: { id: string; email: string };
  }
}

const app = express();
app.use(session({ secret: 'host-app-secret', resave: false, saveUninitialized: false, cookie: { httpOnly: true, sameSite: 'lax' } }));

app.post('/login', express.json(), (req, res) => {
  const email = String(req.body?.email ?? '');
  req.session.user = { id: 'user:' + email, email };
  res.json({ email });
});

const invitations = createInviteProxy<ExpressContext<express.Request>>({
  provider: seedApiProvider({ baseUrl: process.env.UPSTREAM_URL!, apiKey: process.env.UPSTREAM_API_KEY! }),
  getIdentity: (_request, { req }) => {
    const user = req.session.user;
    return user ? { userId: user.id, email: user.email, emailVerified: true } : null;
  },
});
app.use('/api/invitations', inviteProxyMiddleware(invitations));

// The script-tag bundle straight from node_modules.
app.use('/vendor/invite-inbox', express.static(dirname(fileURLToPath(import.meta.resolve('invite-inbox/bundle')))));
app.use(express.static(fileURLToPath(new URL('../public', import.meta.url))));

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log('listening on http://127.0.0.1:' + address.port);
});
`,

  'public/index.html': `<!doctype html>
<html lang="en">
<title>Host app</title>
<invite-inbox endpoint="/api/invitations"></invite-inbox>
<ul id="joined"></ul>
<script type="module">
  import '/vendor/invite-inbox/invite-inbox.bundle.js';
  // The host's own handler: what it would use to refresh its team list.
  document.querySelector('invite-inbox').addEventListener('invite-accepted', (event) => {
    for (const invitation of event.accepted) {
      const item = document.createElement('li');
      item.textContent = 'joined ' + invitation.scope.name;
      document.querySelector('#joined').append(item);
    }
  });
</script>
</html>
`,
};
