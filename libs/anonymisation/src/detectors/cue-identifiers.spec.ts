import { found } from '../fixtures/found';

/** The identifiers found after a cue word, or by their own shape, with what must stay. */
describe.each<[string, Parameters<typeof found>[0], [string, string][], string[]]>([
  [
    'dates of birth',
    'BIRTHDATE',
    [
      ['Elle est née le 03/04/1961.', '03/04/1961'],
      ['Né le 12 mars 1958 à Alger.', '12 mars 1958'],
      ['Date de naissance : 12.03.1958', '12.03.1958'],
      ['DDN 03/04/61', '03/04/61'],
      ['Il est né le 1er janvier 1950.', '1er janvier 1950'],
      ['née à Dakar le 14/07/1975', '14/07/1975'],
      ['Date de naissance 1961-04-03 sur le formulaire.', '1961-04-03'],
      ['né le 30 sept. 1967', '30 sept. 1967'],
      ['Il est né en avril 1961.', 'avril 1961'],
      ['ne le 03/04/1961', '03/04/1961'],
    ],
    [
      'Elle est née en 1958 et n’a jamais eu d’ordinateur.',
      'Il est né en Algérie et vit en France depuis 40 ans.',
      'Il ne viendra pas le 12/03/2024.',
      'Demande d’acte de naissance sur le site de la mairie.',
      'Rendez-vous le 12/03/2024 à 14h.',
      'Elle est née. Le 12/03/2024 nous avons fêté ça.',
    ],
  ],
  [
    'allocataire numbers',
    'CAF',
    [
      ['Numéro allocataire : 1234567', '1234567'],
      ['N° CAF 7654321, à reporter.', '7654321'],
      ['Allocataire n°0123456.', '0123456'],
      ['Numéro d’allocataire CAF : 1 234 567.', '1 234 567'],
      ['Numéro MSA 1122334 pour la prime.', '1122334'],
    ],
    [
      'La CAF a versé 312,40 euros le 05/04/2023.',
      'La CAF de Loire-Atlantique (44) a répondu.',
      'La CAF a versé 12 345 € de rappel.',
      'Courrier de la CAF reçu le 3 mars.',
      'Nous avons consulté caf.fr ensemble.',
      'Appel au 3230 pour la CAF.',
    ],
  ],
  [
    'passport numbers',
    'PASSPORT',
    [
      ['Passeport n° 12AB34567.', '12AB34567'],
      ['Numéro du passeport : 17 RT 45678.', '17 RT 45678'],
      ['Passeport algérien n° 198765432.', '198765432'],
      ['Il a donné 14XY67890 pour la demande.', '14XY67890'],
    ],
    [
      'Le passeport est valable 10 ans pour un adulte.',
      'Pré-demande de passeport faite sur ants.gouv.fr.',
    ],
  ],
  [
    'identity card numbers',
    'ID_CARD',
    [
      ['CNI n° 880692310285.', '880692310285'],
      ['Carte d’identité X4RTBPFW4 perdue.', 'X4RTBPFW4'],
      ['Numéro de carte d’identité : 0506 2A 0 12345', '0506 2A 0 12345'],
      ['Titre de séjour n° 7503123456.', '7503123456'],
    ],
    [
      'Rendez-vous pour la carte d’identité pris en mairie le 12 avril 2024.',
      'Le titre de séjour expire le 31/12, la demande est à faire.',
      'Elle n’a pas de pièce d’identité valide.',
    ],
  ],
  [
    'tax numbers',
    'TAX_ID',
    [
      ['Numéro fiscal : 0218142023211', '0218142023211'],
      ['N° fiscal 24 01 111 182 365 sur l’avis.', '24 01 111 182 365'],
      ['Il donne 1910355835220 au téléphone.', '1910355835220'],
      ['Numéro d’accès en ligne : 1234567', '1234567'],
      ['Référence de l’avis : 23 44 A123456 78', '23 44 A123456 78'],
    ],
    [
      'Revenu fiscal de référence : 12 345 € sur l’avis 2023.',
      'Timbre fiscal de 86 € acheté en ligne.',
      'Elle ne connaît pas son numéro fiscal, il est sur l’avis.',
      'Le numéro 1910355835221 ne passe pas la clé.',
    ],
  ],
  [
    'licence plates',
    'PLATE',
    [
      ['Sa voiture AB-123-CD est en fourrière.', 'AB-123-CD'],
      ['Plaque GH 456 JK, PV reçu.', 'GH 456 JK'],
      ['Immatriculation : EK123PL', 'EK123PL'],
      ['Immat. ab-123-cd', 'ab-123-cd'],
      ['Ancienne plaque 1234 AB 56.', '1234 AB 56'],
      ['Voiture 89 ABC 2A vendue.', '89 ABC 2A'],
      ['Plaque 4321 XY 971.', '4321 XY 971'],
    ],
    [
      'Le vol AF 1234 a été annulé.',
      'Il a pris l’A84 pour venir.',
      'Un appartement F3 au 2e étage.',
      'Le bureau 12B est celui de la médiatrice.',
      'Le code APE est 9499Z.',
      'RER B, ligne 4, bus C1.',
    ],
  ],
  [
    'handles',
    'HANDLE',
    [
      ['Son compte Instagram @fatou.diop a été piraté.', '@fatou.diop'],
      ['Snap : marie.dpt', 'marie.dpt'],
      ['Pseudo Facebook : jeanmartin.44', 'jeanmartin.44'],
      ['Son pseudo sur Leboncoin : karim35', 'karim35'],
      ['Compte Snapchat lucas.dubois08.', 'lucas.dubois08'],
      ['Discord : yannick#4521', 'yannick#4521'],
    ],
    [
      'Campagne relayée avec les hashtags #FranceServices et #Inclusion.',
      'Son compte Facebook a été piraté.',
      'Elle a un compte Instagram mais ne s’en sert pas.',
      'Il suit la page de la mairie sur Facebook.',
    ],
  ],
  [
    'personal web addresses',
    'URL',
    [
      [
        'Profil : https://www.facebook.com/jean.martin.75',
        'https://www.facebook.com/jean.martin.75',
      ],
      ['Son CV est sur linkedin.com/in/marie-dupont-1234.', 'linkedin.com/in/marie-dupont-1234'],
      [
        'Son site https://elodiefaure.wixsite.com/portfolio',
        'https://elodiefaure.wixsite.com/portfolio',
      ],
      [
        'RDV sur https://www.doctolib.fr/medecin-generaliste/rennes/jean-dupont.',
        'https://www.doctolib.fr/medecin-generaliste/rennes/jean-dupont',
      ],
      [
        'Album https://photos.app.goo.gl/Ab12Cd34Ef56Gh78',
        'https://photos.app.goo.gl/Ab12Cd34Ef56Gh78',
      ],
    ],
    [
      'Nous avons consulté service-public.fr et ameli.fr ensemble.',
      'La fiche https://www.service-public.fr/particuliers/vosdroits/F1234 explique tout.',
      'Le lien www.caf.fr/allocataires/mes-services-en-ligne mène au formulaire.',
      'Elle a trouvé la réponse sur https://www.impots.gouv.fr/particulier/questions.',
    ],
  ],
  [
    'credentials',
    'SECRET',
    [
      ['Mot de passe : Soleil2023!', 'Soleil2023!'],
      ['mdp azerty123', 'azerty123'],
      ['Son mot de passe est Marseille13.', 'Marseille13'],
      ['Code PIN : 4821', '4821'],
      ['Code reçu par SMS : 583 209', '583 209'],
      ['Le code secret de sa carte est 0000.', '0000'],
      ['mot de passe = bonjour', 'bonjour'],
      ['Nom d’utilisateur : m.nguyen', 'm.nguyen'],
      ['Digicode A1945', 'A1945'],
    ],
    [
      'Le mot de passe doit contenir 12 caractères.',
      'Mot de passe réinitialisé avec elle.',
      'Mot de passe oublié : procédure de réinitialisation faite ensemble.',
      'Le code postal 75011 correspond à son ancien quartier.',
      'Le code de la route a changé en 2024.',
      'Le code reçu par SMS a expiré.',
      'Le mot de passe du Wi-Fi invité est affiché à l’accueil.',
      'Chapitre 12 du livret : les mots de passe.',
      'Identifiant introuvable, nous avons rappelé le service.',
    ],
  ],
])('%s', (_, kind, finds, keeps) => {
  it.each(finds)('finds it in %p', (text, value) => {
    expect(found(kind, text)).toEqual([value]);
  });

  it.each(keeps.map((text) => [text]))('finds none in %p', (text) => {
    expect(found(kind, text)).toEqual([]);
  });
});

describe('cue words on long adversarial runs', () => {
  // No timing assertion: the detectors look a bounded number of words ahead; these must finish.
  it.each([
    'née le '.repeat(20_000),
    'mot de passe : '.repeat(20_000),
    'allocataire '.repeat(30_000) + '1234567',
    'passeport CNI '.repeat(20_000),
    '@a '.repeat(30_000),
    'https://facebook.com/'.repeat(10_000),
    'jean arobase '.repeat(20_000),
    'Résidence '.repeat(30_000),
    // Thousands of detections in one text: checks look back a few spans, not all of them.
    '06 12 34 56 78 '.repeat(10_000),
    'a point b point c arobase '.repeat(10_000),
    'https://facebook.com/jean.martin '.repeat(5_000),
  ])('completes on a run of %#', (text) => {
    expect(() => found('NAME', text)).not.toThrow();
  });
});
