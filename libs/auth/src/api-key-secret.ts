import { createHash, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'obs_';

/** A new secret: a recognisable prefix (secret scanners, logs redaction) and 256 random bits. */
export function generateApiKeySecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Keys are looked up by this hash; the secret itself is never stored. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Enough of the secret to tell keys apart in a list, too little to guess the rest. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, 10);
}

/** Reads `Authorization: Bearer <key>`; anything else is no credential at all. */
export function bearerSecret(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}
