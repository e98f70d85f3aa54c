import { createHash, randomBytes } from 'node:crypto';

// Crockford-like alphabet: no I, L, O, U, so a token read aloud or copied by hand survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `PIC-7K3Q-M9XD-2RTA-V6HN`: 80 random bits, easy to type on a phone at the seminar. */
export function generateAnonymousToken(prefix = 'PIC'): string {
  const bytes = randomBytes(20);
  const chars = [...bytes].map((byte) => ALPHABET[byte % 32]);
  // 20 bytes → 20 chars of 5 bits each (byte % 32 keeps the low 5 bits, uniformly distributed).
  const groups = [0, 4, 8, 12, 16].map((start) => chars.slice(start, start + 4).join(''));
  return `${prefix}-${groups.join('-')}`;
}

/** Tokens are compared by hash, case- and separator-insensitively. */
export function anonymousTokenHash(token: string): string {
  const normalised = token.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}
