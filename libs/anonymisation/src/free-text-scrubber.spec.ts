import fc from 'fast-check';
import {
  cardArbitrary,
  emailArbitrary,
  ibanArbitrary,
  messyTextArbitrary,
  nirArbitrary,
  phoneArbitrary,
} from './fixtures/arbitraries';
import { scrubFreeText } from './free-text-scrubber';
import { leaksIn } from './leak-check';
import { REDACTION_KINDS } from './redaction-kind';

describe('scrubFreeText', () => {
  it.each([
    [
      'Mme Martin, 06.12.34.56.78, jean.martin@example.org',
      '[NAME], [PHONE], [EMAIL]',
      { NAME: 1, PHONE: 1, EMAIL: 1 },
    ],
    ['Rien à signaler le 12/03/2023 à 14h30.', 'Rien à signaler le 12/03/2023 à 14h30.', {}],
    [
      'Appeler le 0612345678 puis le 0698765432',
      'Appeler le [PHONE] puis le [PHONE]',
      { PHONE: 2 },
    ],
    ['IBAN FR76 3000 6000 0112 3456 7890 189', 'IBAN [IBAN]', { IBAN: 1 }],
    ['Carte 4970 1012 3456 7893', 'Carte [CARD]', { CARD: 1 }],
    ['NIR 1 85 05 78 006 084 91', 'NIR [NIR]', { NIR: 1 }],
    ['3 bis avenue Jean Jaurès', '[ADDRESS]', { ADDRESS: 1 }],
    ['déjà propre : [NAME] et [EMAIL]', 'déjà propre : [NAME] et [EMAIL]', {}],
    ['', '', {}],
  ])('%p → %p', (input, text, counts) => {
    expect(scrubFreeText(input)).toEqual({ text, counts });
  });

  it('redacts known names, ignoring case and accents', () => {
    expect(scrubFreeText('elodie et ÉLODIE', { knownNames: ['Élodie'] })).toEqual({
      text: '[NAME] et [NAME]',
      counts: { NAME: 2 },
    });
  });

  it('resolves overlaps in favour of the longest span, then the stronger kind', () => {
    // The IBAN contains a Luhn-valid 16-digit run: the IBAN is longer and wins.
    expect(scrubFreeText('FR76 3000 6000 0112 3456 7890 189').text).toBe('[IBAN]');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(
        messyTextArbitrary,
        fc.constantFrom([], ['Martin'], ['Élodie', 'Name']),
        (text, knownNames) => {
          const once = scrubFreeText(text, { knownNames });
          const twice = scrubFreeText(once.text, { knownNames });
          expect(twice).toEqual({ text: once.text, counts: {} });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves nothing the detectors would still find', () => {
    fc.assert(
      fc.property(messyTextArbitrary, (text) => {
        expect(leaksIn(scrubFreeText(text).text)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('counts one placeholder per redaction', () => {
    fc.assert(
      fc.property(messyTextArbitrary, (text) => {
        const { text: scrubbed, counts } = scrubFreeText(text);
        const placeholders = (value: string): number =>
          (value.match(new RegExp(`\\[(?:${REDACTION_KINDS.join('|')})\\]`, 'g')) ?? []).length;
        const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
        // Later passes can redact around earlier placeholders, never inside them.
        expect(placeholders(scrubbed) - placeholders(text)).toBe(total);
      }),
    );
  });

  it('never lets a generated identifier through', () => {
    const identifier = fc.oneof(
      phoneArbitrary.map((phone) => phone.text),
      nirArbitrary.map((nir) => nir.text),
      ibanArbitrary.map((iban) => iban.text),
      cardArbitrary.map((card) => card.text),
      emailArbitrary,
    );
    fc.assert(
      fc.property(
        identifier,
        fc.constantFrom('Note : ', '('),
        fc.constantFrom(' fin', ').'),
        (value, before, after) => {
          const { text } = scrubFreeText(before + value + after);
          expect(text).not.toContain(value);
          expect(text).toMatch(/^(Note : |\()\[[A-Z]+\]( fin|\)\.)$/);
        },
      ),
    );
  });

  // No timing assertion: the regexes are written to be linear; these must simply finish.
  it.each([
    [
      'digits, spaces and dots',
      Array.from({ length: 200_000 }, (_, i) => '0123456789 .'[(i * 7919) % 12]).join(''),
    ],
    ['capitalised words', 'Jean Dupont '.repeat(17_000)],
    ['titles and capitalised words', 'M. Jean Dupont '.repeat(13_000)],
    ['letters', 'a'.repeat(200_000)],
    ['email-like runs', `a@${'b.'.repeat(100_000)}`],
    ['street-like runs', '12 rue '.repeat(30_000)],
    ['IBAN-like runs', 'FR76 '.repeat(40_000)],
  ])('completes on 200 KB of %s', (_, text) => {
    expect(typeof scrubFreeText(text, { knownNames: ['Dupont'] }).text).toBe('string');
  });
});
