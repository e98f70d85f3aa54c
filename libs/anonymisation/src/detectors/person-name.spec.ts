import fc from 'fast-check';
import { createSpanDetector } from '../detection';
import { found as foundOf } from '../fixtures/found';

const found = (text: string): string[] => foundOf('NAME', text);
const detect = createSpanDetector();

describe('names after a civil title', () => {
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
    // Three words after the title, and the name words that go on after them.
    ['Mme Jean Paul Marie Dupont', 'Mme Jean Paul Marie Dupont'],
    ['Monsieur et Madame Diallo sont venus.', 'Madame Diallo'],
    // Any case.
    ['RDV avec mme dupont à 10h', 'mme dupont'],
    ['monsieur moreau a rappelé', 'monsieur moreau'],
    ['MADAME BENALI', 'MADAME BENALI'],
    ['madame petit voulait imprimer', 'madame petit'],
    ['Vu Mme Lefèvre et M. Lefèvre.', 'Mme Lefèvre', 'M. Lefèvre'],
  ])('finds the name in %p', (text, ...names) => {
    expect(found(text)).toEqual(names);
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
    'Monsieur voudrait un rendez-vous tôt le matin.',
    'Madame est partie avant la fin.',
    // Not titles.
    'me voilà',
    'MME',
    'Mes amis',
    'pr le rdv de demain',
  ])('finds nothing in %p', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports the kind and offsets', () => {
    expect(detect('vu Mme Martin')).toEqual([{ start: 3, end: 13, kind: 'NAME' }]);
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
    // Every word a name: one redaction, found in linear time.
    expect(found('Jean '.repeat(40_000))).toEqual(['Jean '.repeat(40_000).trim()]);
  });
});

describe('names without a title', () => {
  it.each([
    ['Entretien avec Jean-Pierre pour son dossier.', 'Jean-Pierre'],
    ['Fatima est revenue avec son courrier.', 'Fatima'],
    ["J'ai revu fatima ce matin.", 'fatima'],
    ['Kévin Garcia vient pour la première fois.', 'Kévin Garcia'],
    ['DUPONT Jean, 72 ans, veuf.', 'DUPONT Jean'],
    ['Jean Dupont est venu. Paris est loin.', 'Jean Dupont'],
    ['Mmeline Dupont', 'Dupont'],
    ['Discussion avec marie-claire sur les arnaques.', 'marie-claire'],
    ['Pierre a appelé pour annuler.', 'Pierre'],
    ['Rendez-vous avec Pierre demain.', 'Pierre'],
    ['Rose Martin ne reçoit plus ses courriers.', 'Rose Martin'],
    ['Il s’appelle Lucas et a 19 ans.', 'Lucas'],
    ['Nom : MOREAU', 'MOREAU'],
    ['Mme Dupont née Martin', 'Mme Dupont', 'Martin'],
    ['Suivi de Ngoc Anh pour la prime.', 'Ngoc Anh'],
    ['Mehmet Yilmaz cherche un logement.', 'Mehmet Yilmaz'],
  ])('finds the name in %p', (text, ...names) => {
    expect(found(text)).toEqual(names);
  });

  it.each([
    'Cette réforme est la pierre angulaire du projet.',
    'Elle a choisi une robe rose pour le mariage.',
    'Le martin-pêcheur est l’oiseau préféré de son petit-fils.',
    'Grâce à l’atelier, elle a retrouvé confiance.',
    'Il porte un jean et un pull gris.',
    'Il se marie en juin.',
    'La France compte des milliers de médiateurs.',
    'Joyeux Noël à toute l’équipe !',
    'Rendez-vous au collège Jean Moulin.',
    'Permanence au centre social Jacques Prévert le jeudi.',
    'Il vit à Saint-Denis, près de la gare.',
    'Elle vient de Saint-Martin-d’Hères.',
    'Une colombe s’est posée sur la fenêtre.',
    'Victoire de l’équipe locale ce week-end.',
    'Le boulanger du quartier affiche les horaires.',
    'Rennes (35) et Brest (29) organisent des ateliers.',
    'Il a rappelé deux fois aujourd’hui.',
  ])('finds nothing in %p', (text) => {
    expect(found(text)).toEqual([]);
  });
});
