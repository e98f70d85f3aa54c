import { createHmac } from 'node:crypto';
import { pseudonymFor, pseudonymiser } from './pseudonym';

describe('pseudonymFor', () => {
  it('is p_ and 20 hex characters of HMAC-SHA256(secret, partner NUL code)', () => {
    const expected = createHmac('sha256', 's3cret')
      .update('marsouin\0P-042')
      .digest('hex')
      .slice(0, 20);
    expect(pseudonymFor('s3cret', 'marsouin', 'P-042')).toBe(`p_${expected}`);
    expect(pseudonymFor('s3cret', 'marsouin', 'P-042')).toMatch(/^p_[0-9a-f]{20}$/);
  });

  it('is deterministic per partner and differs across partners, codes and secrets', () => {
    const base = pseudonymFor('s3cret', 'marsouin', 'P-042');
    expect(pseudonymFor('s3cret', 'marsouin', 'P-042')).toBe(base);
    expect(pseudonymFor('s3cret', 'labo-tlscp', 'P-042')).not.toBe(base);
    expect(pseudonymFor('s3cret', 'marsouin', 'P-043')).not.toBe(base);
    expect(pseudonymFor('other', 'marsouin', 'P-042')).not.toBe(base);
  });

  it('keeps partner and code apart', () => {
    expect(pseudonymFor('s', 'ab', 'c')).not.toBe(pseudonymFor('s', 'a', 'bc'));
  });

  it('refuses an empty secret and a partner key holding NUL', () => {
    expect(() => pseudonymFor('', 'marsouin', 'P-042')).toThrow(/secret/);
    expect(() => pseudonymFor('s', 'a\0b', 'c')).toThrow(/NUL/);
  });
});

describe('pseudonymiser', () => {
  it('gives the pseudonyms of pseudonymFor, with the secret and partner checked once', () => {
    const pseudonym = pseudonymiser('s3cret', 'marsouin');
    for (const code of ['P-042', '', 'submission\n5b0f8a47-8f4b-4a43-9d61-2f1ac2f0a001', 'é\0x'])
      expect(pseudonym(code)).toBe(pseudonymFor('s3cret', 'marsouin', code));
    expect(() => pseudonymiser('', 'marsouin')).toThrow(/secret/);
    expect(() => pseudonymiser('s', 'a\0b')).toThrow(/NUL/);
  });
});
