/**
 * `invite-inbox/server/domain-rules`: the data behind the autojoin policy, a
 * maintained free-mail and disposable provider list (`email-providers`,
 * ~8,800 domains) and the ICANN section of the Public Suffix List
 * (`tldts-icann`). Together they are most of the proxy's bytes, and only
 * autojoin needs them: `invite-inbox/server` imports this module on first
 * use, and the runtime-neutral core has them only when the host passes them
 * as `domainRules`, so a Worker that never offers autojoin never ships them.
 */
import providers from 'email-providers/all.json' with { type: 'json' };
import { parse } from 'tldts-icann';
import { withinAny, type DomainRules } from './policy.js';

export type { DomainRules };

const freeMail = new Set<string>(providers as string[]);

/** The full rules, for `createInviteProxy({ …, domainRules })`. */
export const domainRules: DomainRules = {
  isFreeMail: (domain) => withinAny(domain, freeMail),
  isRegistrable(domain) {
    const parsed = parse(domain, { extractHostname: false, detectSpecialUse: true });
    return parsed.domain !== null && parsed.isIp !== true && parsed.isSpecialUse !== true;
  },
};
