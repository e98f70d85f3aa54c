import fc from 'fast-check';
import { createSpanDetector } from './detection';
import { messyTextArbitrary } from './fixtures/arbitraries';
import { REDACTION_KINDS } from './redaction-kind';

const PLACEHOLDER = new RegExp(`\\[(?:${REDACTION_KINDS.join('|')})\\]`);

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
    const text = '06 12 [NAME] 34 56 78 et Mme [NAME] Martin';
    // `Martin` alone is a name; `Mme` and the phone's halves are not joined across `[NAME]`.
    expect(createSpanDetector()(text)).toEqual([
      { start: text.indexOf('Martin'), end: text.length, kind: 'NAME' },
    ]);
  });

  it('works without options', () => {
    expect(createSpanDetector()('Séance du 12/03/2023 : 8 participants.')).toEqual([]);
    expect(createSpanDetector()('Martin')).toEqual([{ start: 0, end: 6, kind: 'NAME' }]);
  });

  it('returns sorted, disjoint spans that never touch a placeholder', () => {
    fc.assert(
      fc.property(messyTextArbitrary, (text) => {
        const spans = detect(text);
        for (let i = 1; i < spans.length; i++)
          expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end);
        for (const { start, end } of spans) {
          expect(text.slice(start, end)).not.toMatch(PLACEHOLDER);
        }
      }),
    );
  });
});
