import { createHash, randomBytes } from 'node:crypto';
import { anonymousTokenHash, generateAnonymousToken } from './anonymous-token';

const key = randomBytes(32);

describe('anonymous tokens', () => {
  it('look like PIC-XXXX-XXXX-XXXX-XXXX-XXXX without ambiguous letters', () => {
    const token = generateAnonymousToken();
    expect(token).toMatch(/^PIC(-[0-9A-HJKMNP-TV-Z]{4}){5}$/);
  });

  it('are all different over many draws', () => {
    const tokens = new Set(Array.from({ length: 5000 }, () => generateAnonymousToken()));
    expect(tokens.size).toBe(5000);
  });

  it('hash the same whatever the case and separators', () => {
    const token = generateAnonymousToken();
    expect(anonymousTokenHash(key, token.toLowerCase().replace(/-/g, ' '))).toBe(
      anonymousTokenHash(key, token),
    );
    expect(anonymousTokenHash(key, token)).not.toBe(
      anonymousTokenHash(key, generateAnonymousToken()),
    );
  });

  it('hash under the key: neither a plain hash of the token nor the same under another key', () => {
    const token = generateAnonymousToken();
    const normalised = token.replace(/-/g, '');
    const hash = anonymousTokenHash(key, token);
    expect(hash).not.toBe(createHash('sha256').update(normalised).digest('hex'));
    expect(hash).not.toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).not.toBe(anonymousTokenHash(randomBytes(32), token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
