import fc from 'fast-check';
import { detectCivilTitleNames } from './civil-title-name';

const found = (text: string): string[] =>
  detectCivilTitleNames(text).map(({ start, end }) => text.slice(start, end));

describe('detectCivilTitleNames', () => {
  it.each([
    ['Mme Martin, 06.12.34.56.78', 'Mme Martin'],
    ['Reçu M. Dupont ce matin.', 'M. Dupont'],
    ['Madame Nguyen a apporté son courrier.', 'Madame Nguyen'],
    ['avec Mlle Le Goff demain', 'Mlle Le Goff'],
    ['le Dr Jean-Pierre Lefèvre.', 'Dr Jean-Pierre Lefèvre'],
    ['Me de Villiers représente', 'Me de Villiers'],
    ['Monsieur Ahmed Ben Salah est arrivé', 'Monsieur Ahmed Ben Salah'],
    ['Mme Marie Dupont-Durand, 72 ans', 'Mme Marie Dupont-Durand'],
    ["Rencontre avec M. d'Estaing.", "M. d'Estaing"],
    ['Mr Smith', 'Mr Smith'],
    ['Mme. Martin', 'Mme. Martin'],
    ['Mademoiselle Élise', 'Mademoiselle Élise'],
    ['Docteur Van der Berg', 'Docteur Van der Berg'],
    ['Dr van der Berg', 'Dr van der Berg'],
    ['Monsieur de la Tour du Pin', 'Monsieur de la Tour du Pin'],
    ['madame Dupont', 'madame Dupont'],
    ['Mme DUPONT', 'Mme DUPONT'],
    ['M. Le Goff', 'M. Le Goff'],
    ['Maître Durand', 'Maître Durand'],
    ['Mme Jean Paul Marie Dupont', 'Mme Jean Paul Marie'],
    ['Monsieur et Madame Diallo sont venus.', 'Madame Diallo'],
  ])('finds the name in %p', (text, name) => {
    expect(found(text)).toEqual([name]);
  });

  it.each([
    // Functions, not names: kept by design.
    'Monsieur le Maire a inauguré',
    'Madame la Directrice du CCAS',
    'Madame la Maire',
    // `M.` closing a sentence.
    'Elle a demandé une taille M. Puis elle est partie.',
    'Taille M. Il part.',
    'Taille M.',
    'Taille M. La suite demain.',
    // A title with no name after it.
    'Madame souhaite être rappelée.',
    'Mme a oublié son téléphone.',
    'Le Docteur a prescrit une téléconsultation.',
    'Monsieur, vous êtes attendu.',
    // Capitalised words without a title.
    'Jean Dupont est venu. Paris est loin.',
    // Not titles.
    'me voilà',
    'MME',
    'Mmeline Dupont',
    'Mes amis',
  ])('finds nothing in %p', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports the kind and offsets', () => {
    expect(detectCivilTitleNames('vu Mme Martin')).toEqual([{ start: 3, end: 13, kind: 'NAME' }]);
  });

  it('takes title and one to three capitalised words, whatever they are', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('M.', 'Mme', 'Mlle', 'Madame', 'Monsieur', 'Dr', 'Me', 'Docteur'),
        fc.array(fc.constantFrom('Martin', 'Élodie', 'Jean-Pierre', 'N’Diaye', 'Öz', 'DUPONT'), {
          minLength: 1,
          maxLength: 3,
        }),
        (title, words) => {
          const name = `${title} ${words.join(' ')}`;
          expect(found(`Rendez-vous avec ${name}, demain.`)).toEqual([name]);
        },
      ),
    );
  });

  it('completes on long adversarial runs', () => {
    expect(found('M. Jean '.repeat(25_000))).toHaveLength(25_000);
    expect(found(`M.${' '.repeat(200_000)}`)).toEqual([]);
    expect(found('Jean '.repeat(40_000))).toEqual([]);
  });
});
