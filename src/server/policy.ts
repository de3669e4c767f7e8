/**
 * Who may see an autojoin offer. A domain-wide offer means "anyone who controls
 * an address at this domain", which only holds for a verified address at a
 * domain an organisation can own: never a free-mail or disposable provider
 * anyone can sign up at, never a public suffix such as "co.uk".
 */
import type { Identity } from './provider.js';
import type { InvitationView } from '../shared/view-model.js';
import type { DomainRules } from './domain-rules.js';
import { verifiedEmails } from './identity.js';

export type { DomainRules };

/** The part after the last "@", lower-cased; "" when there is none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).trim().toLowerCase();
}

/** Loads the provider list and the Public Suffix List once, on first use. */
export function domainRulesLoader(extraFreeMail: readonly string[] = []): () => Promise<DomainRules> {
  let rules: Promise<DomainRules> | undefined;
  return () => {
    rules ??= import('./domain-rules.js').then(
      (m) => m.createDomainRules(extraFreeMail),
      (err: unknown) => {
        rules = undefined; // let the next request try again
        throw err;
      },
    );
    return rules;
  };
}

/** A domain an admin may use for autojoin, and that an offer may be shown for. */
export function mayAutojoin(domain: string, rules: DomainRules): boolean {
  return domain !== '' && rules.isRegistrable(domain) && !rules.isFreeMail(domain);
}

/** `rules` is needed for autojoin offers only; callers load it when a list has one. */
export function mayShow(view: InvitationView, identity: Identity, rules: DomainRules | undefined): boolean {
  if (view.kind !== 'autojoin') return true;
  if (!rules) return false;
  // Judged per address: the verified email the offer was found for (the
  // sign-in email when the provider does not say), never another address's domain.
  if (view.sentTo && view.sentTo.type !== 'email') return false;
  const email = view.sentTo?.value ?? identity.email;
  if (!verifiedEmails(identity).includes(email)) return false;
  // The offer's own domain too: an upstream misconfigured with a free-mail or
  // suffix domain must not be offered, whatever the provider matched on.
  const domains = [emailDomain(email), view.matchedDomain ?? ''];
  return domains.every((d, i) => (i > 0 && d === '') || mayAutojoin(d, rules));
}
