import fc from 'fast-check';
import { MASK, maskPlaceholders } from './placeholders';
import { REDACTION_KINDS } from './redaction-kind';

describe('maskPlaceholders', () => {
  it.each([
    ['[NAME] a appelé', `${MASK.repeat(6)} a appelé`],
    ['[EMAIL][PHONE]', MASK.repeat(14)],
    ['[name] [FOO] [ NAME ] NAME', '[name] [FOO] [ NAME ] NAME'],
    ['[[IBAN]]', `[${MASK.repeat(6)}]`],
    ['', ''],
  ])('masks %p', (text, masked) => {
    expect(maskPlaceholders(text)).toBe(masked);
  });

  it('masks every kind', () => {
    for (const kind of REDACTION_KINDS) {
      expect(maskPlaceholders(`x [${kind}] y`)).not.toContain(kind);
    }
  });

  it('keeps offsets and leaves other characters alone', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const masked = maskPlaceholders(text);
        expect(masked.length).toBe(text.length);
        for (let i = 0; i < text.length; i++) {
          if (masked[i] !== text[i]) expect(masked[i]).toBe(MASK);
        }
      }),
    );
  });
});
