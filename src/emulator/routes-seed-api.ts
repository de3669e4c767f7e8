/**
 * The seed invitations API (`/api/v1/invitations...`), as its docs describe it.
 * Request shapes are validated here once; the store gets typed values.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { isoDateTime } from '../server/validation.js';
import { jsonObject, parse, readJson } from './http.js';
import { InvitationStore, SCOPE_PAGE_SIZE, UpstreamError } from './store.js';
import { TARGET_TYPES, type UpstreamTarget } from './types.js';

const targetValue = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(320));

const targetSchema = v.object({ type: v.picklist(TARGET_TYPES), value: targetValue });

const lookupSchema = v.pipe(
  v.object({ targetType: v.picklist(TARGET_TYPES), targetValue }),
  v.forward(
    v.check(
      (q) => q.targetType !== 'email' || /^[^@\s]+@[^@\s]+$/.test(q.targetValue),
      'targetValue must be an email address when targetType is email',
    ),
    ['targetValue'],
  ),
);

const acceptSchema = v.pipe(
  v.object({
    invitationIds: v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(256))), v.minLength(1), v.maxLength(100)),
    user: v.optional(
      v.pipe(
        v.object({
          email: v.optional(v.pipe(v.string(), v.trim(), v.minLength(3))),
          phone: v.optional(v.pipe(v.string(), v.trim(), v.minLength(3))),
          name: v.optional(v.string()),
        }),
        v.check((u) => u.email !== undefined || u.phone !== undefined, 'user needs an email or a phone'),
      ),
    ),
    /** Older clients name the invitee as a target. */
    target: v.optional(targetSchema),
    targets: v.optional(v.pipe(v.array(targetSchema), v.minLength(1))),
  }),
  v.check((b) => Boolean(b.user || b.target || b.targets), 'Body needs user (or the older target) to identify the invitee'),
);

/** Lowercase host names only: the service stores domains exactly as given and matches them as-is. */
const domainSchema = v.pipe(
  v.string(),
  v.regex(
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'each domain must be a lowercase host name like "acme.com" (no scheme, "@", spaces or path)',
  ),
);

const autojoinSchema = v.object({
  scope: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
  scopeType: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  domains: v.pipe(v.array(domainSchema), v.maxLength(50)),
  scopeName: v.optional(v.pipe(v.string(), v.maxLength(256))),
});

const nonEmpty = v.pipe(v.string(), v.minLength(1));

const formFieldSchema = v.object({ type: v.string(), value: v.string() });

const createSchema = v.object({
  widgetConfigurationId: nonEmpty,
  target: targetSchema,
  inviter: v.object({
    userId: nonEmpty,
    userEmail: v.optional(v.string()),
    // The SDKs send userName/userAvatarUrl; name/avatarUrl are accepted as shorthands.
    name: v.optional(v.string()),
    userName: v.optional(v.string()),
    avatarUrl: v.optional(v.string()),
    userAvatarUrl: v.optional(v.string()),
  }),
  groups: v.pipe(v.array(v.object({ type: nonEmpty, groupId: nonEmpty, name: v.string() })), v.minLength(1)),
  source: v.optional(v.string()),
  subtype: v.optional(v.string()),
  metadata: v.optional(v.pipe(jsonObject, v.record(v.string(), v.unknown()))),
  formSubmissionData: v.optional(v.pipe(jsonObject, v.record(v.string(), formFieldSchema))),
  // Emulator conveniences (the real service takes these from the widget configuration).
  invitationType: v.optional(v.picklist(['single_use', 'multi_use'])),
  expires: v.optional(isoDateTime),
});

/**
 * Seed 001 says "start defaults to 0; for the next 20 set it to 19, 39, 59".
 * We read `start` as a 0-based offset, except that a value one short of a
 * page boundary (19, 39, …) means the page starting at that boundary. So
 * clients following the doc (0, 19, 39) and clients sending plain offsets
 * (0, 20, 40) both get each invitation exactly once.
 */
export function scopeOffset(start: number): number {
  return (start + 1) % SCOPE_PAGE_SIZE === 0 ? start + 1 : start;
}

export function seedApiRoutes(store: InvitationStore): Hono {
  const app = new Hono();

  app.get('/', (c) => {
    const q = parse(lookupSchema, { targetType: c.req.query('targetType'), targetValue: c.req.query('targetValue') });
    return c.json({ invitations: store.lookup({ type: q.targetType, value: q.targetValue }) });
  });

  app.post('/', async (c) => {
    const body = await readJson(c, createSchema);
    const name = body.inviter.userName ?? body.inviter.name;
    const avatarUrl = body.inviter.userAvatarUrl ?? body.inviter.avatarUrl;
    const { invitation, shortLink } = await store.create(
      {
        ...body,
        inviter: {
          userId: body.inviter.userId,
          ...(body.inviter.userEmail !== undefined ? { userEmail: body.inviter.userEmail } : {}),
          ...(name !== undefined ? { name } : {}),
          ...(avatarUrl !== undefined ? { avatarUrl } : {}),
        },
      },
      new URL(c.req.url).origin,
    );
    return c.json({ id: invitation.id, shortLink, status: invitation.status, createdAt: invitation.createdAt });
  });

  app.post('/accept', async (c) => {
    const body = await readJson(c, acceptSchema);
    const acceptor: UpstreamTarget[] = [];
    if (body.user?.email) acceptor.push({ type: 'email', value: body.user.email });
    if (body.user?.phone) acceptor.push({ type: 'phone', value: body.user.phone });
    if (body.target) acceptor.push(body.target);
    if (body.targets) acceptor.push(...body.targets);
    const accepted = await store.accept(body.invitationIds, acceptor);
    // Seed 002 answers one invitation object; with several IDs that is the
    // first, and `invitations` carries all of them for clients that read a list.
    return c.json({ ...accepted[0]!, invitations: accepted });
  });

  app.post('/autojoin', async (c) => {
    const body = await readJson(c, autojoinSchema);
    return c.json(await store.setAutojoin(body.scopeType, body.scope, body.domains, body.scopeName));
  });

  app.get('/by-scope/:scopeType/:scope', (c) => {
    const raw = c.req.query('start') ?? '0';
    if (!/^\d{1,9}$/.test(raw)) throw new UpstreamError(400, 'invalid_request', 'start must be a non-negative integer');
    const { scopeType, scope } = c.req.param();
    return c.json({ invitations: store.listScope(scopeType, scope, scopeOffset(Number(raw))) });
  });

  app.get('/by-scope/:scopeType/:scope/autojoin', (c) => {
    const { scopeType, scope } = c.req.param();
    return c.json(store.getAutojoin(scopeType, scope));
  });

  app.get('/:id', (c) => c.json(store.get(c.req.param('id'))));

  app.delete('/:id', async (c) => {
    await store.revoke(c.req.param('id'));
    return c.json({});
  });

  app.post('/:id/reinvite', async (c) => c.json(await store.reinvite(c.req.param('id'))));

  return app;
}
