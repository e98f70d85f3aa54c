import { anonymousTokenHash, generateAnonymousToken } from './anonymous-token';

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
    expect(anonymousTokenHash(token.toLowerCase().replace(/-/g, ' '))).toBe(
      anonymousTokenHash(token),
    );
    expect(anonymousTokenHash(token)).not.toBe(anonymousTokenHash(generateAnonymousToken()));
  });
});
