/**
 * The data behind the autojoin policy: a maintained free-mail and disposable
 * provider list (`email-providers`, ~8,800 domains) and the ICANN section of
 * the Public Suffix List (`tldts-icann`). Together they are most of the
 * proxy's bytes, and only autojoin needs them, so `policy.ts` imports this
 * module on first use: cold starts and routes without autojoin never pay for it.
 */
import providers from 'email-providers/all.json' with { type: 'json' };
import { parse } from 'tldts-icann';

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

export function createDomainRules(extraFreeMail: readonly string[] = []): DomainRules {
  const freeMail = new Set<string>(providers as string[]);
  for (const d of extraFreeMail) freeMail.add(d.trim().toLowerCase().replace(/\.$/, ''));
  return {
    isFreeMail(domain) {
      // Walk up the labels: a provider's subdomains are still the provider's.
      for (let d = domain; d !== ''; d = d.slice(d.indexOf('.') + 1 || d.length)) {
        if (freeMail.has(d)) return true;
      }
      return false;
    },
    isRegistrable(domain) {
      const parsed = parse(domain, { extractHostname: false, detectSpecialUse: true });
      return parsed.domain !== null && parsed.isIp !== true && parsed.isSpecialUse !== true;
    },
  };
}
