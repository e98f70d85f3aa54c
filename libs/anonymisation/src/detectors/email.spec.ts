import fc from 'fast-check';
import { emailArbitrary, surroundingsArbitrary } from '../fixtures/arbitraries';
import { detectEmails } from './email';

const found = (text: string): string[] =>
  detectEmails(text).map(({ start, end }) => text.slice(start, end));

describe('detectEmails', () => {
  it.each([
    ['jean.martin@example.org', ['jean.martin@example.org']],
    ['Écrire à marie-claire.dupont+caf@orange.fr svp', ['marie-claire.dupont+caf@orange.fr']],
    ['Contact : j.durand@mairie-nantes.fr.', ['j.durand@mairie-nantes.fr']],
    ['(élodie_b@exemple.fr)', ['élodie_b@exemple.fr']],
    ['a@b.co, c@d.co.uk', ['a@b.co', 'c@d.co.uk']],
    ['JEAN@EXAMPLE.ORG', ['JEAN@EXAMPLE.ORG']],
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
    '',
  ])('finds nothing in %p', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports the kind and offsets', () => {
    expect(detectEmails('x a@b.fr')).toEqual([{ start: 2, end: 8, kind: 'EMAIL' }]);
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
