/**
 * The seed invitations API (`/api/v1/invitations...`), as its docs describe it.
 * Request shapes are validated here once; the store gets typed values.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { parse, readJson } from './http.js';
import { InvitationStore, SCOPE_PAGE_SIZE, UpstreamError } from './store.js';
import { TARGET_TYPES, type UpstreamTarget } from './types.js';

const targetSchema = z.object({
  type: z.enum(TARGET_TYPES),
  value: z.string().trim().min(1).max(320),
});

const lookupSchema = z
  .object({ targetType: z.enum(TARGET_TYPES), targetValue: z.string().trim().min(1).max(320) })
  .refine((q) => q.targetType !== 'email' || /^[^@\s]+@[^@\s]+$/.test(q.targetValue), {
    message: 'targetValue must be an email address when targetType is email',
    path: ['targetValue'],
  });

const acceptSchema = z
  .object({
    invitationIds: z.array(z.string().min(1).max(256)).min(1).max(100),
    user: z
      .object({ email: z.string().trim().min(3).optional(), phone: z.string().trim().min(3).optional(), name: z.string().optional() })
      .refine((u) => u.email !== undefined || u.phone !== undefined, { message: 'user needs an email or a phone' })
      .optional(),
    /** Older clients name the invitee as a target. */
    target: targetSchema.optional(),
    targets: z.array(targetSchema).min(1).optional(),
  })
  .refine((b) => b.user || b.target || b.targets, { message: 'Body needs user (or the older target) to identify the invitee' });

/** Lowercase host names only: the service stores domains exactly as given and matches them as-is. */
const domainSchema = z
  .string()
  .regex(
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'each domain must be a lowercase host name like "acme.com" (no scheme, "@", spaces or path)',
  );

const autojoinSchema = z.object({
  scope: z.string().min(1).max(256),
  scopeType: z.string().min(1).max(64),
  domains: z.array(domainSchema).max(50),
  scopeName: z.string().max(256).optional(),
});

const formFieldSchema = z.object({ type: z.string(), value: z.string() });

const createSchema = z.object({
  widgetConfigurationId: z.string().min(1),
  target: targetSchema,
  inviter: z.object({
    userId: z.string().min(1),
    userEmail: z.string().optional(),
    // The SDKs send userName/userAvatarUrl; name/avatarUrl are accepted as shorthands.
    name: z.string().optional(),
    userName: z.string().optional(),
    avatarUrl: z.string().optional(),
    userAvatarUrl: z.string().optional(),
  }),
  groups: z.array(z.object({ type: z.string().min(1), groupId: z.string().min(1), name: z.string() })).min(1),
  source: z.string().optional(),
  subtype: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  formSubmissionData: z.record(z.string(), formFieldSchema).optional(),
  // Emulator conveniences (the real service takes these from the widget configuration).
  invitationType: z.enum(['single_use', 'multi_use']).optional(),
  expires: z.iso.datetime({ offset: true }).optional(),
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
