/**
 * Who may see an autojoin offer. A domain-wide offer means "anyone who controls
 * an address at this domain", which only holds for a verified address at a
 * domain the organisation owns — never a free-mail provider anyone can sign up at.
 */
import type { Identity } from './provider.js';
import type { InvitationView } from '../shared/view-model.js';

/** Common free-mail providers; hosts add their own through `freeMailDomains`. */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'hotmail.fr',
  'live.com', 'msn.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.co.jp',
  'ymail.com', 'rocketmail.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com', 'proton.me',
  'protonmail.com', 'pm.me', 'tutanota.com', 'tuta.io', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de',
  'mail.com', 'zoho.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'inbox.ru', 'bk.ru', 'list.ru',
  'qq.com', '163.com', '126.com', 'sina.com', 'naver.com', 'hanmail.net', 'daum.net', 'fastmail.com',
  'hey.com', 'orange.fr', 'free.fr', 'laposte.net', 'libero.it', 'rediffmail.com', 'comcast.net',
];

export function createFreeMailCheck(extra: readonly string[] = []): (domain: string) => boolean {
  const set = new Set([...FREE_MAIL_DOMAINS, ...extra].map((d) => d.trim().toLowerCase()));
  return (domain) => set.has(domain.toLowerCase());
}

/** The part after the last "@", lower-cased; "" when there is none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).trim().toLowerCase();
}

export function mayShow(view: InvitationView, identity: Identity, isFreeMail: (domain: string) => boolean): boolean {
  if (view.kind !== 'autojoin') return true;
  const domain = emailDomain(identity.email);
  return identity.emailVerified && domain !== '' && !isFreeMail(domain);
}
