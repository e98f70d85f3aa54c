import fc from 'fast-check';
import { createSpanDetector } from '../detection';
import { found as foundOf } from '../fixtures/found';

const found = (text: string): string[] => foundOf('ADDRESS', text);
const detect = createSpanDetector();

describe('street addresses and places', () => {
  it.each([
    ['Il habite 12 rue de la Paix 75002 Paris.', '12 rue de la Paix 75002 Paris'],
    ['3 bis avenue Jean Jaurès', '3 bis avenue Jean Jaurès'],
    ['au 45, boulevard Victor Hugo, 44000 Nantes', '45, boulevard Victor Hugo, 44000 Nantes'],
    ['Livraison au 7 impasse des Lilas', '7 impasse des Lilas'],
    ['RDV 10 place Royale à 14h', '10 place Royale'],
    ['5 allée des Tilleuls, 44300 Nantes depuis mai', '5 allée des Tilleuls, 44300 Nantes'],
    ['8 chemin du Moulin 35000 Rennes', '8 chemin du Moulin 35000 Rennes'],
    ['il note 12 rue de la paix sur le formulaire', '12 rue de la paix'],
    ["12 rue de l'église est fermée", "12 rue de l'église"],
    ['2 quai de la Fosse', '2 quai de la Fosse'],
    ['14 résidence Les Érables', '14 résidence Les Érables'],
    ['4 rue du 8 Mai 1945 à Nantes', '4 rue du 8 Mai 1945'],
    ['12 Rue Pasteur', '12 Rue Pasteur'],
    ['9 av. Foch', '9 av. Foch'],
    ['21 bd Gambetta 13001 Marseille', '21 bd Gambetta 13001 Marseille'],
    ['3ter lieu-dit Les Landes', '3ter lieu-dit Les Landes'],
    ["6 allée d'Alsace 67000 Strasbourg", "6 allée d'Alsace 67000 Strasbourg"],
    ['12 rue Victor Hugo 69002 Lyon 2e', '12 rue Victor Hugo 69002 Lyon'],
    ['1 rue de Paris 92100 Boulogne Billancourt', '1 rue de Paris 92100 Boulogne Billancourt'],
    ['12 rue de la Paix 75002', '12 rue de la Paix 75002'],
    ['12 rue Neuve 44000 Nantes Mme Martin', '12 rue Neuve 44000 Nantes'],
  ])('finds the address in %p', (text, address) => {
    expect(found(text)).toEqual([address]);
  });

  it.each([
    '3 rues plus loin',
    'la rue est calme',
    '2 places disponibles',
    'Il nous reste 1 place pour samedi.',
    'Nous avons fait 2 cours de français cette semaine.',
    'Elle a 3 cours par semaine.',
    'Nous avons fait 1 passage rapide à la CAF.',
    '1 route longue',
    'la rue de la Paix',
    'près de la place du marché',
    'Séquence 4 : créer son compte',
    '12 rue',
    '12 rue.',
    '12345 rue de la Paix',
    '2,5 rue de la Paix',
  ])('finds nothing in %p', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports the kind and offsets', () => {
    expect(detect('au 3 rue Neuve')).toEqual([{ start: 3, end: 14, kind: 'ADDRESS' }]);
  });

  it('finds generated addresses from their number to their town', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.constantFrom('', ' bis', ' ter', 'B'),
        fc.constantFrom(
          'rue',
          'avenue',
          'boulevard',
          'place',
          'allée',
          'impasse',
          'chemin',
          'quai',
        ),
        fc.constantFrom('de la Paix', 'Victor Hugo', 'des Lilas', 'du Général de Gaulle', 'Royale'),
        fc.constantFrom('', ' 44000 Nantes', ', 75002 Paris', ' 97400 Saint-Denis'),
        (number, suffix, type, name, town) => {
          const address = `${number}${suffix} ${type} ${name}${town}`;
          expect(found(`Elle habite ${address}, depuis 2019.`)).toEqual([address]);
        },
      ),
    );
  });

  it('completes on long adversarial runs', () => {
    expect(found('12 rue '.repeat(30_000))).toEqual([]);
    expect(found(`12 rue ${'de la Paix '.repeat(20_000)}`)).toHaveLength(1);
  });
});
