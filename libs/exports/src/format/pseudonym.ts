import { createHmac } from 'node:crypto';

const PREFIX = 'p_';
// 80 bits: collisions are negligible at observatory scale, and the value stays readable.
const HEX_LENGTH = 20;

/**
 * A per-partner pseudonym for a participant or pair code: HMAC-SHA256 keyed with `secret` over
 * `partnerKey + '\0' + code`. The same code gives the same pseudonym to one partner (so its
 * exports join over time) and unrelated ones to two partners (so they cannot join theirs).
 */
export function pseudonymFor(secret: string, partnerKey: string, code: string): string {
  return pseudonymiser(secret, partnerKey)(code);
}

/** `pseudonymFor` with the secret and partner checked once, for many codes. */
export function pseudonymiser(secret: string, partnerKey: string): (code: string) => string {
  // Without a key the HMAC is a plain hash, reversible by hashing every plausible code.
  if (secret.length === 0) throw new Error('pseudonymFor: the secret must not be empty');
  // The NUL separator is only unambiguous if the partner key cannot contain one.
  if (partnerKey.includes('\0')) throw new Error('pseudonymFor: the partner key contains NUL');
  const prefix = `${partnerKey}\0`;
  return (code) =>
    PREFIX +
    createHmac('sha256', secret)
      .update(prefix + code, 'utf8')
      .digest('hex')
      .slice(0, HEX_LENGTH);
}
