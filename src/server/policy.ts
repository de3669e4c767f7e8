/**
 * Who may see an autojoin offer. A domain-wide offer means "anyone who controls
 * an address at this domain", which only holds for a verified address at a
 * domain an organisation can own: never a free-mail or disposable provider
 * anyone can sign up at, never a public suffix such as "co.uk".
 */
import type { Identity } from './provider.js';
import type { InvitationView } from '../shared/view-model.js';
import { ProxyError } from './errors.js';
import { verifiedEmails } from './identity.js';

/**
 * What autojoin judges a domain by. `invite-inbox/server/domain-rules` exports
 * the full rules (a maintained free-mail and disposable provider list and the
 * Public Suffix List); a host may pass its own.
 */
export interface DomainRules {
  /** The domain or any parent of it is a free-mail/disposable provider ("mail.gmail.com" too). */
  isFreeMail(domain: string): boolean;
  /**
   * The domain is, or is inside, a registrable domain: "acme.com",
   * "mail.acme.co.uk" yes; public suffixes ("co.uk", "com"), IP addresses and
   * special-use names ("acme.local", "x.example", "corp.test") no.
   */
  isRegistrable(domain: string): boolean;
}

/** The `domainRules` option: the rules, or a loader called on first autojoin use (and again after it fails). */
export type DomainRulesOption = DomainRules | (() => Promise<DomainRules>);

/** The part after the last "@", lower-cased; "" when there is none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).trim().toLowerCase();
}

/** `domain` or one of its parents is in `domains`: a provider's subdomains are still the provider's. */
export function withinAny(domain: string, domains: ReadonlySet<string>): boolean {
  for (let d = domain; d !== ''; d = d.slice(d.indexOf('.') + 1 || d.length)) {
    if (domains.has(d)) return true;
  }
  return false;
}

/** Why autojoin is off, for the admin who tries to set domains and for `onError`. */
export const domainRulesMissing = (): ProxyError =>
  new ProxyError(
    501,
    'domain_rules_missing',
    'Autojoin is off: this proxy has no domain rules to tell company domains from free-mail ones. ' +
      "Add `import { domainRules } from 'invite-inbox/server/domain-rules'` and pass `domainRules` to createInviteProxy.",
  );

/**
 * The rules each autojoin decision uses, with the host's extra free-mail
 * domains, loaded once on first use. Without rules it answers undefined —
 * autojoin then fails closed — and tells `report` once why.
 */
export function domainRulesLoader(
  source: DomainRulesOption | undefined,
  extraFreeMail: readonly string[] = [],
  report: (err: unknown) => void = () => undefined,
): () => Promise<DomainRules | undefined> {
  const usable = source === undefined || typeof source === 'function'
    || (typeof source?.isFreeMail === 'function' && typeof source.isRegistrable === 'function');
  if (!usable) {
    throw new TypeError("domainRules must be the rules from 'invite-inbox/server/domain-rules' or a function that loads them.");
  }
  if (source === undefined) {
    let told = false;
    return async () => {
      if (!told) report(domainRulesMissing());
      told = true;
      return undefined;
    };
  }
  const extra = new Set(extraFreeMail.map((d) => d.trim().toLowerCase().replace(/\.$/, '')));
  const withExtra = (rules: DomainRules): DomainRules =>
    extra.size === 0 ? rules : { isRegistrable: (d) => rules.isRegistrable(d), isFreeMail: (d) => withinAny(d, extra) || rules.isFreeMail(d) };
  if (typeof source !== 'function') {
    const rules = Promise.resolve(withExtra(source));
    return () => rules;
  }
  let rules: Promise<DomainRules> | undefined;
  return () => {
    rules ??= source().then(withExtra, (err: unknown) => {
      rules = undefined; // let the next request try again
      throw err;
    });
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
