import fc from 'fast-check';
import { createSpanDetector } from './detection';
import { messyTextArbitrary } from './fixtures/arbitraries';

describe('createSpanDetector', () => {
  const detect = createSpanDetector({ knownNames: ['Name', 'Phone', 'Martin'] });

  it('runs every detector and resolves overlaps', () => {
    const text = 'Mme Martin, 06 12 34 56 78, a@b.fr, FR76 3000 6000 0112 3456 7890 189';
    expect(detect(text).map(({ kind }) => kind)).toEqual(['NAME', 'PHONE', 'EMAIL', 'IBAN']);
  });

  it('never matches placeholders, even against known names', () => {
    expect(detect('[NAME] et [PHONE] ont appelé')).toEqual([]);
  });

  it('does not match across a placeholder', () => {
    expect(createSpanDetector()('06 12 [NAME] 34 56 78 et Mme [NAME] Martin')).toEqual([]);
  });

  it('works without options', () => {
    expect(createSpanDetector()('Martin')).toEqual([]);
  });

  it('returns sorted, disjoint spans that never touch a placeholder', () => {
    fc.assert(
      fc.property(messyTextArbitrary, (text) => {
        const spans = detect(text);
        for (let i = 1; i < spans.length; i++)
          expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end);
        for (const { start, end } of spans) {
          expect(text.slice(start, end)).not.toMatch(
            /\[(?:IBAN|CARD|NIR|EMAIL|PHONE|ADDRESS|NAME)\]/,
          );
        }
      }),
    );
  });
});
