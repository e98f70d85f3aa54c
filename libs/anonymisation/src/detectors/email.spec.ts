import fc from 'fast-check';
import { emailArbitrary, surroundingsArbitrary } from '../fixtures/arbitraries';
import { createSpanDetector } from '../detection';
import { found as foundOf } from '../fixtures/found';

const found = (text: string): string[] => foundOf('EMAIL', text);
const detect = createSpanDetector();

describe('emails', () => {
  it.each([
    ['jean.martin@example.org', ['jean.martin@example.org']],
    ['Écrire à marie-claire.dupont+caf@orange.fr svp', ['marie-claire.dupont+caf@orange.fr']],
    ['Contact : j.durand@mairie-nantes.fr.', ['j.durand@mairie-nantes.fr']],
    ['(élodie_b@exemple.fr)', ['élodie_b@exemple.fr']],
    ['a@b.co, c@d.co.uk', ['a@b.co', 'c@d.co.uk']],
    ['JEAN@EXAMPLE.ORG', ['JEAN@EXAMPLE.ORG']],
    // Invisible and full-width characters.
    ['marie\u200b.lefebvre@laposte.net', ['marie\u200b.lefebvre@laposte.net']],
    ['mamadou.traore＠gmail.com', ['mamadou.traore＠gmail.com']],
    // Spaces around the `@`, and spelled-out forms.
    ['Mail perso : nathalie.roux @ sfr.fr', ['nathalie.roux @ sfr.fr']],
    [
      'écrire à jean point martin arobase gmail point com svp',
      ['jean point martin arobase gmail point com'],
    ],
    ['Adresse : j.martin [at] orange [dot] fr.', ['j.martin [at] orange [dot] fr']],
    ['sylvie.moreau(at)wanadoo.fr', ['sylvie.moreau(at)wanadoo.fr']],
    ['paul.girard at gmail dot com', ['paul.girard at gmail dot com']],
    ['karim tiret bensaid arobase yahoo point fr', ['karim tiret bensaid arobase yahoo point fr']],
    ['thomas.leroy arobase gmail.com', ['thomas.leroy arobase gmail.com']],
  ])('finds %p', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    'Nous avons consulté service-public.fr et ameli.fr',
    'le hashtag #Inclusion et @mairie sur les réseaux',
    'a@b',
    'a@b.c',
    'a@.fr',
    'user@domain.fr1',
    'rendez-vous @ 14h30',
    // `at` in prose without a spelled domain.
    'look at this point',
    'Meeting at Rennes.fr',
    '',
  ])('finds nothing in %p', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports the kind and offsets', () => {
    expect(detect('x a@b.fr')).toEqual([{ start: 2, end: 8, kind: 'EMAIL' }]);
  });

  it('finds any generated address exactly, whatever surrounds it', () => {
    fc.assert(
      fc.property(emailArbitrary, surroundingsArbitrary, (email, [before, after]) => {
        expect(found(before + email + after)).toEqual([email]);
      }),
    );
  });

  it('completes on long adversarial runs', () => {
    const inputs = ['a'.repeat(100_000), 'a.'.repeat(50_000), `a@${'b.'.repeat(50_000)}`];
    for (const input of inputs) expect(found(input)).toEqual([]);
  });
});
