import fc from 'fast-check';
import { messyTextArbitrary } from './fixtures/arbitraries';
import { leaksIn } from './leak-check';

describe('leaksIn', () => {
  it('locates what would be redacted, by kind and offsets only', () => {
    expect(leaksIn('Mme Martin : 0612345678')).toEqual([
      { kind: 'NAME', start: 0, end: 10 },
      { kind: 'PHONE', start: 13, end: 23 },
    ]);
  });

  it('uses known names', () => {
    expect(leaksIn('vu élodie', { knownNames: ['Elodie'] })).toEqual([
      { kind: 'NAME', start: 3, end: 9 },
    ]);
  });

  it.each(['[NAME], [PHONE], [EMAIL]', 'Séance du 12/03/2023 : 8 participants.', ''])(
    'finds nothing in %p',
    (text) => {
      expect(leaksIn(text)).toEqual([]);
    },
  );

  it('never returns a value, only kinds and offsets', () => {
    fc.assert(
      fc.property(messyTextArbitrary, (text) => {
        for (const leak of leaksIn(text))
          expect(Object.keys(leak).sort()).toEqual(['end', 'kind', 'start']);
      }),
    );
  });
});
