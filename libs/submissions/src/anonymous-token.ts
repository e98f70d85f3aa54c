import { createHmac, randomBytes } from 'node:crypto';

// Crockford-like alphabet: no I, L, O, U, so a token read aloud or copied by hand survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** How long a token can be used when the issuer does not say (a seminar is days away, not months). */
export const DEFAULT_TOKEN_VALID_DAYS = 14;
export const MAX_TOKEN_VALID_DAYS = 365;
/** The purpose of the key the token hashes are made with (`derivedKey(config, purpose)`). */
export const TOKEN_KEY_PURPOSE = 'anonymous-token';

/** `PIC-7K3Q-M9XD-2RTA-V6HN`: 100 random bits, easy to type on a phone at the seminar. */
export function generateAnonymousToken(prefix = 'PIC'): string {
  const bytes = randomBytes(20);
  const chars = [...bytes].map((byte) => ALPHABET[byte % 32]);
  // 20 bytes → 20 chars of 5 bits each (byte % 32 keeps the low 5 bits, uniformly distributed).
  const groups = [0, 4, 8, 12, 16].map((start) => chars.slice(start, start + 4).join(''));
  return `${prefix}-${groups.join('-')}`;
}

/**
 * What is stored of a token: an HMAC under a key derived from the server secret, compared case-
 * and separator-insensitively. A plain hash would let whoever holds the issued list (the admin
 * receives every token in clear) recompute it and recognise the token in the tables.
 */
export function anonymousTokenHash(key: Buffer, token: string): string {
  const normalised = token.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return createHmac('sha256', key).update(normalised, 'utf8').digest('hex');
}

/**
 * The one refusal for a token that is unknown, already used, expired, or for another campaign or
 * instrument: the same code and message whichever it is, so that whoever finds a token learns
 * nothing from trying it (whether it was ever valid, or whether its holder took the test).
 */
export const INVALID_TOKEN = 'INVALID_TOKEN';
export const INVALID_TOKEN_MESSAGE =
  'This token cannot be used: it is unknown, already used or expired. Each token allows one submission.';
