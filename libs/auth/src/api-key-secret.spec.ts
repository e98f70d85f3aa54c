import {
  bearerSecret,
  displayPrefix,
  generateApiKeySecret,
  hashApiKeySecret,
} from './api-key-secret';

describe('API key secrets', () => {
  it('generates distinct secrets with the obs_ prefix', () => {
    const a = generateApiKeySecret();
    const b = generateApiKeySecret();
    expect(a).toMatch(/^obs_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('hashes deterministically without keeping the secret', () => {
    const secret = generateApiKeySecret();
    expect(hashApiKeySecret(secret)).toBe(hashApiKeySecret(secret));
    expect(hashApiKeySecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKeySecret(secret)).not.toContain(secret.slice(4));
  });

  it('shows only a short prefix', () => {
    expect(displayPrefix('obs_abcdefghijklmnop')).toBe('obs_abcdef');
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('reads %p as %p', (header, expected) => {
    expect(bearerSecret(header)).toBe(expected);
  });
});
