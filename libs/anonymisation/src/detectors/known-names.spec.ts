import fc from 'fast-check';
import { createKnownNamesDetector } from './known-names';

const found = (names: string[], text: string): string[] =>
  createKnownNamesDetector(names)(text).map(({ start, end }) => text.slice(start, end));

describe('createKnownNamesDetector', () => {
  it.each([
    [['Elodie'], 'Élodie est venue.', ['Élodie']],
    [['Élodie'], 'ELODIE est venue.', ['ELODIE']],
    [['Kévin'], 'avec kevin et Kevin', ['kevin', 'Kevin']],
    [['Jean-Pierre'], 'JEAN PIERRE puis jean-pierre', ['JEAN PIERRE', 'jean-pierre']],
    [['Jean', 'Jean Martin'], 'Jean Martin et Jean', ['Jean Martin', 'Jean']],
    [["N'Diaye"], 'Mme N’Diaye', ['N’Diaye']],
    [['Zoé'], 'Zoe\u0301 arrive', ['Zoe\u0301']],
    [['a.b (c)'], 'voir a.b (c) ici', ['a.b (c)']],
  ])('%p in %p', (names, text, expected) => {
    expect(found(names, text)).toEqual(expected);
  });

  it.each([
    [['Martin'], 'Martine et Saint-Martinien'],
    [['Léa'], 'Une idée claire'],
    [['Paul'], 'Paulette'],
    [['A', ' ', '', '-'], 'A la ligne - a b'],
    [[], 'Jean Martin'],
  ])('%p finds nothing in %p', (names, text) => {
    expect(found(names, text)).toEqual([]);
  });

  it('cannot match masked placeholders', () => {
    expect(found(['Name'], '\u0000'.repeat(6))).toEqual([]);
  });

  it('reports the kind and offsets', () => {
    expect(createKnownNamesDetector(['Léa'])('avec lea')).toEqual([
      { start: 5, end: 8, kind: 'NAME' },
    ]);
  });

  it('finds a name whatever its case and accents', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Élodie', 'François', 'Zoë', 'Jérôme Dupré'),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (name, uppers) => {
          const variant = [...name]
            .map((character, index) =>
              uppers[index % uppers.length] ? character.toUpperCase() : character.toLowerCase(),
            )
            .join('');
          expect(found([name], `Vu ${variant}, ce matin`)).toEqual([variant]);
        },
      ),
    );
  });

  it('treats names as literals, never as patterns', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), (name) => {
        expect(() => createKnownNamesDetector([name])('texte quelconque (.*) [x]')).not.toThrow();
      }),
    );
  });
});
