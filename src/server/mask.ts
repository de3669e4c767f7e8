/**
 * Someone else's address, shown only as much as tells its owner "that is my
 * other account" and nobody else who it is: `a…@acme.com`, `+1 ••• •• 12`.
 */
import type { MaskedAddress, SentTo } from '../shared/view-model.js';

export function maskAddress(address: SentTo): MaskedAddress | null {
  if (address.type === 'email') {
    const at = address.value.lastIndexOf('@');
    if (at <= 0 || at === address.value.length - 1) return null;
    return { type: 'email', masked: `${[...address.value.slice(0, at)][0]}…${address.value.slice(at).toLowerCase()}` };
  }
  const digits = address.value.replace(/\D/g, '');
  if (digits.length < 7) return null;
  return { type: 'phone', masked: `+${digits[0]} ••• •• ${digits.slice(-2)}` };
}
