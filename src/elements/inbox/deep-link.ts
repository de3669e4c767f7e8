import { msg, str } from '@lit/localize';
import type { ForeignInvitationBody, InvitationLookupResponse, InvitationView } from '../../shared/view-model.js';
import { apiJson, toFailure, type ApiOptions } from '../shared/api-client.js';
import { clean } from './invitation-card.js';

/** Why a deep-linked invitation cannot be acted on here, said in one sentence above the list. */
export type DeepLinkNotice =
  | { kind: 'foreign'; masked: string }
  | { kind: 'accepted' | 'expired'; invitation: InvitationView }
  | { kind: 'gone' };

/**
 * The invitation a page was opened for: the `invitation-id` attribute, else (only where
 * the host opted in with `deep-link`) the `?invitation=` query parameter.
 */
export function linkedId(id: string | undefined, fromUrl: boolean): string | undefined {
  return id || (fromUrl && new URLSearchParams(location.search).get('invitation')) || undefined;
}

/**
 * What to say about a linked invitation, or undefined when it is the user's and open.
 * One from the list needs no request; another is asked of `GET {base}/{id}`, which tells
 * someone else's invitation only by its masked address.
 */
export async function deepLinkNotice(
  listed: InvitationView | undefined,
  url: string,
  opts: ApiOptions,
): Promise<DeepLinkNotice | undefined> {
  const own = (invitation: InvitationView): DeepLinkNotice | undefined =>
    invitation.status === 'pending' ? undefined : { kind: invitation.status, invitation };
  if (listed) return own(listed);
  try {
    const { invitation, state } = await apiJson<InvitationLookupResponse>(url, opts);
    return own({ ...invitation, status: state === 'open' ? 'pending' : state });
  } catch (e) {
    const f = toFailure(e);
    const masked = (f.detail as Partial<ForeignInvitationBody['error']> | undefined)?.sentTo?.masked;
    if (f.status === 403 && typeof masked === 'string') return { kind: 'foreign', masked: clean(masked, 120) };
    // Only a definite "no such invitation" is said; a network or server failure is not a verdict.
    return f.status === 404 || f.status === 400 ? { kind: 'gone' } : undefined;
  }
}

export function deepLinkText(n: DeepLinkNotice): string {
  if (n.kind === 'foreign')
    return msg(str`This invitation was sent to ${n.masked} — sign in with that address to accept it.`, { id: 'link.foreign' });
  if (n.kind === 'gone') return msg('This invitation link is no longer valid.', { id: 'link.gone' });
  const scope = clean(n.invitation.scope.name, 80) || clean(n.invitation.scope.id, 80);
  if (n.kind === 'accepted') return msg(str`You already joined ${scope}.`, { id: 'link.accepted' });
  const inviter = clean(n.invitation.inviter?.name, 80) || clean(n.invitation.inviter?.email, 80);
  return inviter
    ? msg(str`This invitation to ${scope} has expired — ask ${inviter} for a new one.`, { id: 'link.expired' })
    : msg(str`This invitation to ${scope} has expired — ask for a new one.`, { id: 'link.expired.anon' });
}
