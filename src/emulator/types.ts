/**
 * Wire shapes of the two upstream services, as their docs show them.
 * Field names and order follow the seed examples so a client written
 * against the real service reads the emulator unchanged.
 */

export const TARGET_TYPES = ['email', 'phone', 'share', 'internal'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export const INVITATION_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'accepted',
  'shared',
  'unfurled',
  'accepted_elsewhere',
] as const;
export type UpstreamStatus = (typeof INVITATION_STATUSES)[number];

export type InvitationType = 'single_use' | 'multi_use' | 'autojoin';

export interface UpstreamTarget {
  type: string;
  value: string;
}

/** The deprecated `groups` entry, still returned next to `scope`/`scopeType`. */
export interface UpstreamGroup {
  type: string;
  id: string;
  name: string;
}

export interface UpstreamAccept {
  id: string;
  status: 'accepted';
  accountId: string;
  projectId: string;
  acceptedAt: string;
  target: UpstreamTarget;
}

export interface FormField {
  type: string;
  value: string;
}

/** An invitation as stored; `expired` is derived from `expires` on every read. */
export interface StoredInvitation {
  id: string;
  accountId: string;
  attributes: Record<string, unknown>;
  clickThroughs: number;
  configurationAttributes: Record<string, unknown>;
  formSubmissionData: Record<string, FormField>;
  createdAt: string;
  deactivated: boolean;
  deliveryCount: number;
  deliveryTypes: string[];
  foreignCreatorId: string;
  /** The real service's display name of the inviter (Rust SDK `creator_name`). */
  creatorName?: string;
  /** The real service's inviter avatar (Rust SDK `creator_avatar_url`). */
  creatorAvatarUrl?: string;
  invitationType: InvitationType;
  modifiedAt: string;
  status: UpstreamStatus;
  target: UpstreamTarget[];
  views: number;
  widgetConfigurationId: string;
  deploymentId: string;
  projectId: string;
  groups: UpstreamGroup[];
  accepts: UpstreamAccept[];
  scope: string;
  scopeType: string;
  source: string;
  subtype: string | null;
  /** Only present when the invitation has an expiry configured. */
  expires?: string;
  metadata: Record<string, unknown>;
  passThrough: string | null;
}

export type UpstreamInvitation = StoredInvitation & { expired: boolean };

export interface AutojoinDomain {
  id: string;
  domain: string;
}

/** One scope's autojoin settings and the invitation that represents them. */
export interface AutojoinConfig {
  scopeType: string;
  scope: string;
  domains: AutojoinDomain[];
  invitationId: string;
}

/** A record of the organisation-list ("census") service, snake_case as documented. */
export interface CensusRecord {
  id: number;
  email: string;
  created_at: string;
  created_by_id: number;
  claimed_at: string | null;
  claimed_by_id: number | null;
  role: string;
  associated_workspace_invitations: { id: number; workspace_id: number; role: string }[];
}

/** Everything the emulator keeps; this is what the data file holds. */
export interface EmulatorState {
  version: 1;
  seq: number;
  invitations: StoredInvitation[];
  autojoin: AutojoinConfig[];
  census: CensusRecord[];
}
