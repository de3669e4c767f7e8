import { msg, str } from '@lit/localize';
import type { SentTo } from '../../shared/view-model.js';
import { clean } from './invitation-card.js';

/**
 * Which of the user's own addresses an invitation went to ("Sent to dana.rivera@gmail.com",
 * "Sent by text to +1…42"); empty when the proxy did not say (the user has one address).
 * A phone number is shortened: on a shared screen its last digits are enough to recognise.
 */
export function sentToText(to: SentTo | undefined): string {
  if (!to || typeof to.value !== 'string') return '';
  const v = clean(to.value, 120);
  if (to.type === 'phone') {
    const short = v.length > 6 ? `${v.slice(0, 2)}…${v.slice(-2)}` : v;
    return msg(str`Sent by text to ${short}`, { id: 'meta.sentTo.phone' });
  }
  return msg(str`Sent to ${v}`, { id: 'meta.sentTo.email' });
}
