/**
 * Demo data. Dates are relative to the moment of seeding so the demo never
 * goes stale: "expires in 2 days" stays true on every fresh start.
 */
import { ACCOUNT_ID, DEPLOYMENT_ID, PROJECT_ID } from './store.js';
import type {
  AutojoinConfig,
  CensusRecord,
  EmulatorState,
  FormField,
  InvitationType,
  StoredInvitation,
  UpstreamAccept,
  UpstreamStatus,
} from './types.js';

/** Suggested sign-ins for the demo; any well-formed email works. */
export const DEMO_USERS: { email: string; label: string }[] = [
  { email: 'alice@acme.com', label: 'Alice — several invitations, one expired, Acme autojoin' },
  { email: 'bob@globex.com', label: 'Bob — only expired or accepted invitations' },
  { email: 'carol@initech.com', label: 'Carol — only an Initech autojoin offer' },
  { email: 'dave@example.org', label: 'Dave — nothing waiting' },
  { email: 'erin@gmail.com', label: 'Erin — free-mail address, one invitation' },
  { email: 'frank@acme.com', label: 'Frank — admin of the Acme workspace' },
  { email: 'dana@globex.com', label: 'Dana — work address, plus a verified personal address and phone' },
];

/**
 * The further addresses a demo user's session carries (`Identity.addresses`):
 * Dana was invited at her personal address and her phone too; her old
 * address is unverified, so its invitation never shows.
 */
export const DEMO_ADDRESSES: Record<string, { type: 'email' | 'phone'; value: string; verified: boolean }[]> = {
  'dana@globex.com': [
    { type: 'email', value: 'dana.rivera@gmail.com', verified: true },
    { type: 'phone', value: '+15555550142', verified: true },
    { type: 'email', value: 'dana@old-startup.example', verified: false },
  ],
};

/** Who may administer which scope in the demo (for `authorizeScope`). */
export const DEMO_ADMINS: { email: string; scopeType: string; scope: string }[] = [
  { email: 'frank@acme.com', scopeType: 'workspace', scope: 'acme' },
  { email: 'bob@globex.com', scopeType: 'workspace', scope: 'globex' },
];

/** The demo's scopes and their display names. */
export const DEMO_SCOPES = {
  acme: { type: 'workspace', id: 'acme', name: 'Acme Corp' },
  globex: { type: 'workspace', id: 'globex', name: 'Globex' },
  initech: { type: 'workspace', id: 'initech', name: 'Initech' },
  hobby: { type: 'workspace', id: 'hobby-club', name: 'Weekend Hobby Club' },
  design: { type: 'team', id: 'design', name: 'Design Guild' },
  apollo: { type: 'project', id: 'apollo', name: 'Project Apollo' },
} as const;

type ScopeKey = keyof typeof DEMO_SCOPES;

interface Inviter {
  id: string;
  name: string;
}

const INVITERS = {
  // No avatar URLs in the demo data: the demo must work offline.
  frank: { id: 'user_frank', name: 'Frank Castle' },
  grace: { id: 'user_grace', name: 'Grace Hopper' },
  linus: { id: 'user_linus', name: 'Linus Park' },
  mia: { id: 'user_mia', name: 'Mia Chen' },
  omar: { id: 'user_omar', name: 'Omar Haddad' },
} satisfies Record<string, Inviter>;

interface Spec {
  id: string;
  scope: ScopeKey;
  to: string;
  by: Inviter;
  createdDaysAgo: number;
  /** Days from now; negative = already expired; absent = never expires. */
  expiresInDays?: number;
  role?: string;
  message?: string;
  status?: UpstreamStatus;
  type?: InvitationType;
  acceptedDaysAgo?: number;
  deactivated?: boolean;
}

export function seedState(now: Date = new Date()): EmulatorState {
  const at = (days: number): string => new Date(now.getTime() + days * 86_400_000).toISOString();
  const make = (s: Spec): StoredInvitation => {
    const scope = DEMO_SCOPES[s.scope];
    // A `to` starting with "+" is a phone number (sent by SMS).
    const type = s.to.startsWith('+') ? 'phone' : 'email';
    const form: Record<string, FormField> = { [type]: { type, value: s.to } };
    if (s.message) form['personalMessage'] = { type: 'text', value: s.message };
    if (s.role) form['role'] = { type: 'select', value: s.role };
    const accepts: UpstreamAccept[] =
      s.acceptedDaysAgo === undefined
        ? []
        : [
            {
              id: `acc_${s.id}`,
              status: 'accepted',
              accountId: ACCOUNT_ID,
              projectId: PROJECT_ID,
              acceptedAt: at(-s.acceptedDaysAgo),
              target: { type, value: s.to },
            },
          ];
    return {
      id: s.id,
      accountId: ACCOUNT_ID,
      attributes: {},
      clickThroughs: accepts.length,
      configurationAttributes: {},
      formSubmissionData: form,
      createdAt: at(-s.createdDaysAgo),
      deactivated: s.deactivated ?? false,
      deliveryCount: 1,
      deliveryTypes: [type],
      foreignCreatorId: s.by.id,
      creatorName: s.by.name,
      invitationType: s.type ?? 'single_use',
      modifiedAt: s.acceptedDaysAgo !== undefined ? at(-s.acceptedDaysAgo) : at(-s.createdDaysAgo),
      status: s.status ?? (accepts.length ? 'accepted' : 'delivered'),
      target: [{ type, value: s.to }],
      views: accepts.length + 1,
      widgetConfigurationId: 'wc_default',
      deploymentId: DEPLOYMENT_ID,
      projectId: PROJECT_ID,
      groups: [{ type: scope.type, id: scope.id, name: scope.name }],
      accepts,
      scope: scope.id,
      scopeType: scope.type,
      source: type,
      subtype: null,
      ...(s.expiresInDays !== undefined ? { expires: at(s.expiresInDays) } : {}),
      metadata: {},
      passThrough: null,
    };
  };

  const specs: Spec[] = [
    // alice@acme.com: two open, one expired, plus the acme.com autojoin offer.
    {
      id: 'inv_alice_design',
      scope: 'design',
      to: 'alice@acme.com',
      by: INVITERS.grace,
      createdDaysAgo: 1,
      expiresInDays: 2,
      role: 'editor',
      message: 'We would love your eye on the new onboarding flow!',
    },
    {
      id: 'inv_alice_apollo',
      scope: 'apollo',
      to: 'alice@acme.com',
      by: INVITERS.linus,
      createdDaysAgo: 3,
      role: 'viewer',
    },
    {
      id: 'inv_alice_globex_expired',
      scope: 'globex',
      to: 'alice@acme.com',
      by: INVITERS.omar,
      createdDaysAgo: 20,
      expiresInDays: -6,
      role: 'member',
      message: 'Join us for the Q3 planning.',
    },
    // bob@globex.com: nothing he can still accept.
    {
      id: 'inv_bob_apollo_expired',
      scope: 'apollo',
      to: 'bob@globex.com',
      by: INVITERS.linus,
      createdDaysAgo: 40,
      expiresInDays: -10,
      role: 'viewer',
    },
    {
      id: 'inv_bob_design_accepted',
      scope: 'design',
      to: 'bob@globex.com',
      by: INVITERS.grace,
      createdDaysAgo: 12,
      acceptedDaysAgo: 10,
      role: 'member',
    },
    // erin@gmail.com: one invitation; gmail.com autojoin exists upstream (misconfigured).
    {
      id: 'inv_erin_design',
      scope: 'design',
      to: 'erin@gmail.com',
      by: INVITERS.mia,
      createdDaysAgo: 2,
      expiresInDays: 5,
      role: 'viewer',
      message: 'Come hang out with the designers.',
    },
    // dana@globex.com: one at work, one at her verified personal address, one by
    // SMS to her verified phone; one at her unverified old address never shows.
    {
      id: 'inv_dana_apollo',
      scope: 'apollo',
      to: 'dana@globex.com',
      by: INVITERS.linus,
      createdDaysAgo: 1,
      expiresInDays: 6,
      role: 'editor',
    },
    {
      id: 'inv_dana_hobby',
      scope: 'hobby',
      to: 'dana.rivera@gmail.com',
      by: INVITERS.mia,
      createdDaysAgo: 2,
      role: 'member',
      message: 'Saturday hikes are back — join us!',
    },
    {
      id: 'inv_dana_design_sms',
      scope: 'design',
      to: '+15555550142',
      by: INVITERS.grace,
      createdDaysAgo: 4,
      role: 'viewer',
    },
    {
      id: 'inv_dana_initech_old',
      scope: 'initech',
      to: 'dana@old-startup.example',
      by: INVITERS.omar,
      createdDaysAgo: 30,
      role: 'member',
    },
    // Globex workspace pending list for its admin.
    { id: 'inv_globex_1', scope: 'globex', to: 'pat@globex.com', by: INVITERS.omar, createdDaysAgo: 4, role: 'member' },
    {
      id: 'inv_globex_2',
      scope: 'globex',
      to: 'sam@contractors.io',
      by: INVITERS.omar,
      createdDaysAgo: 6,
      expiresInDays: 8,
      role: 'guest',
      status: 'sent',
    },
    {
      id: 'inv_globex_revoked',
      scope: 'globex',
      to: 'lee@globex.com',
      by: INVITERS.omar,
      createdDaysAgo: 9,
      deactivated: true,
    },
  ];

  // Acme: enough pending invitations that the admin list pages (20 a page).
  const statuses: UpstreamStatus[] = ['delivered', 'sent', 'queued', 'delivered', 'shared'];
  const roles = ['member', 'member', 'admin', 'viewer'];
  for (let i = 1; i <= 26; i++) {
    const n = String(i).padStart(2, '0');
    specs.push({
      id: `inv_acme_${n}`,
      scope: 'acme',
      to: i % 5 === 0 ? `partner${n}@vendor.example` : `newhire${n}@acme.com`,
      by: i % 3 === 0 ? INVITERS.mia : INVITERS.frank,
      createdDaysAgo: i * 0.5,
      ...(i % 4 === 0 ? { expiresInDays: 7 } : i === 26 ? { expiresInDays: -1 } : {}),
      role: roles[i % roles.length]!,
      ...(i % 6 === 1 ? { message: 'Welcome aboard — the team space is waiting for you.' } : {}),
      status: statuses[i % statuses.length]!,
    });
  }
  specs.push({
    id: 'inv_acme_accepted',
    scope: 'acme',
    to: 'frank@acme.com',
    by: INVITERS.mia,
    createdDaysAgo: 90,
    acceptedDaysAgo: 89,
    role: 'admin',
  });

  const invitations = specs.map(make);
  const autojoin: AutojoinConfig[] = [];
  let seq = 0;
  const addAutojoin = (key: ScopeKey, domains: string[], createdDaysAgo: number): void => {
    const scope = DEMO_SCOPES[key];
    const id = `inv_autojoin_${scope.id}`;
    invitations.push({
      ...make({ id, scope: key, to: '', by: INVITERS.frank, createdDaysAgo }),
      formSubmissionData: {},
      deliveryCount: 0,
      deliveryTypes: [],
      foreignCreatorId: '',
      invitationType: 'autojoin',
      target: [],
      views: 0,
      widgetConfigurationId: 'wc_autojoin',
      source: 'autojoin',
      configurationAttributes: { autojoinDomains: domains },
    });
    autojoin.push({
      scopeType: scope.type,
      scope: scope.id,
      domains: domains.map((domain) => ({ id: `ajd_${++seq}`, domain })),
      invitationId: id,
    });
  };
  addAutojoin('acme', ['acme.com'], 30);
  addAutojoin('initech', ['initech.com'], 15);
  addAutojoin('hobby', ['gmail.com'], 8);
  // Nobody sent an autojoin invitation: drop the creator the builder filled in.
  for (const inv of invitations) if (inv.invitationType === 'autojoin') delete inv.creatorName;

  return { version: 1, seq, invitations, autojoin, census: seedCensus(at) };
}

/** ~30 organisation-list records over the last two months, claimed and not. */
function seedCensus(at: (days: number) => string): CensusRecord[] {
  const people = [
    'alice@acme.com',
    'carol@initech.com',
    'alice@acme.com',
    'ops@globex.com',
    'carol@initech.com',
  ];
  const records: CensusRecord[] = [];
  for (let i = 0; i < 30; i++) {
    const id = 90001 + i;
    const email = people[i] ?? `analyst${String(i).padStart(2, '0')}@example.com`;
    // Alice's and Carol's first records are claimed, their later ones open.
    const claimed = i === 0 || i === 1 || (i >= 5 && i % 3 === 0);
    const createdDaysAgo = 60 - i * 2;
    records.push({
      id,
      email,
      created_at: at(-createdDaysAgo),
      created_by_id: 10 + (i % 4),
      claimed_at: claimed ? at(-createdDaysAgo + 1) : null,
      claimed_by_id: claimed ? 500 + i : null,
      role: i % 7 === 0 ? 'admin' : 'member',
      associated_workspace_invitations: claimed
        ? []
        : [{ id: 70001 + i, workspace_id: 1234 + (i % 3), role: i % 2 ? 'Viewer' : 'Owner' }],
    });
  }
  return records;
}
