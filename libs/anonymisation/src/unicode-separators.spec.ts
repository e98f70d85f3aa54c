import fc from 'fast-check';
import { createSpanDetector } from './detection';
import { loadCorpus } from './evaluation/corpus';
import {
  cardArbitrary,
  emailArbitrary,
  ibanArbitrary,
  nirArbitrary,
  phoneArbitrary,
} from './fixtures/arbitraries';
import { scrubFreeText } from './free-text-scrubber';

/**
 * Issue 13's property tests: an identifier of a validated kind, typed with any separators and
 * any Unicode spaces, dashes or invisible characters inserted, is redacted whole; an ordinary
 * sentence that passes unchanged still does with its spaces and words typed the same ways.
 */
const detect = createSpanDetector();

// What people's keyboards and word processors put between characters.
const SPACES = [' ', '\u00a0', '\u202f', '\u2009', '\u2007', '\u3000'];
const DASHES = ['-', '\u2010', '\u2011', '\u2013', '\u2212', '\uff0d'];
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];
const separator = fc.oneof(
  fc.constantFrom(...SPACES, ...DASHES, ...INVISIBLE, '.', '/'),
  fc.constantFrom(...SPACES).map((space) => `${space}-${space}`),
);

/** `value` with `separators[k]` (or nothing) put after its k-th character, from `from` on. */
function typed(value: string, separators: (string | null)[], from = 1): string {
  let text = '';
  for (let k = 0; k < value.length; k++) {
    text += value[k];
    const inserted = separators[k];
    if (k + 1 >= from && k < value.length - 1 && inserted) text += inserted;
  }
  return text;
}

/** Every letter and digit of `text.slice(start, end)` lies in a detection. */
function redactedWhole(text: string, start: number, end: number): boolean {
  const spans = detect(text);
  for (let offset = start; offset < end; offset++) {
    if (
      /[\p{L}\p{N}]/u.test(text[offset]) &&
      !spans.some((s) => s.start <= offset && offset < s.end)
    ) {
      return false;
    }
  }
  return true;
}

const context = fc.tuple(
  fc.constantFrom('', 'Note : ', 'Appeler le ', '(', 'son numéro est '),
  fc.constantFrom('', '.', ' merci', ')', ', puis rien', ' !'),
);

describe('identifiers typed with any separators', () => {
  const separators = fc.array(fc.option(separator, { nil: null, freq: 2 }), {
    minLength: 40,
    maxLength: 40,
  });

  it.each([
    ['NIR', nirArbitrary.map((nir) => nir.first13 + nir.key)],
    ['phone', phoneArbitrary.map((phone) => phone.digits)],
  ])('redacts a %s with a separator or none between any two characters', (_, values) => {
    fc.assert(
      fc.property(values, separators, context, (value, between, [before, after]) => {
        const text = before + typed(value, between) + after;
        expect(redactedWhole(text, before.length, text.length - after.length)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('redacts an IBAN with separators anywhere after its check digits', () => {
    fc.assert(
      fc.property(ibanArbitrary, separators, context, (iban, between, [before, after]) => {
        // Separators are spaces, dots or dashes in IBANs (a slash ends one).
        const text =
          before +
          typed(
            iban.compact,
            between.map((s) => (s === '/' ? ' ' : s)),
            4,
          ) +
          after;
        expect(redactedWhole(text, before.length, text.length - after.length)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('redacts a card grouped as printed, with any separator between groups and invisible ones anywhere', () => {
    fc.assert(
      fc.property(
        cardArbitrary,
        fc.array(fc.constantFrom(...SPACES, ...DASHES, '.', ''), { minLength: 5, maxLength: 5 }),
        fc.array(fc.option(fc.constantFrom(...INVISIBLE), { nil: null, freq: 3 }), {
          minLength: 20,
          maxLength: 20,
        }),
        context,
        (card, between, invisible, [before, after]) => {
          const groups = card.text.split(/[ -]/);
          const joined = groups
            .map((group) => typed(group, invisible, 0))
            .reduce((text, group, index) => `${text}${between[index - 1]}${group}`);
          const text = before + joined + after;
          expect(redactedWhole(text, before.length, text.length - after.length)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('redacts an email with invisible characters anywhere and spaces around the @', () => {
    fc.assert(
      fc.property(
        emailArbitrary,
        fc.array(fc.option(fc.constantFrom(...INVISIBLE), { nil: null, freq: 3 }), {
          minLength: 40,
          maxLength: 40,
        }),
        fc.constantFrom('', ' ', '\u00a0', '\u202f'),
        context,
        (email, invisible, space, [before, after]) => {
          const value = typed(email, invisible).replace('@', `${space}@`);
          const text = before + value + after;
          expect(redactedWhole(text, before.length, text.length - after.length)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('ordinary sentences typed with any spaces', () => {
  const { ordinary } = loadCorpus();
  // Two sentences of the corpus are changed on purpose (see docs/anonymisation.md: a public
  // service's phone number, a cat's name after `s'appelle`); every other one must pass as is.
  const passing = ordinary.filter(
    (sentence) => scrubFreeText(sentence.text).text === sentence.text,
  );

  it('keeps every passing sentence unchanged whatever spaces and invisible characters it holds', () => {
    expect(passing.length).toBeGreaterThanOrEqual(ordinary.length - 2);
    fc.assert(
      fc.property(
        fc.constantFrom(...passing),
        fc.constantFrom(...SPACES),
        fc.constantFrom('', ...INVISIBLE),
        (sentence, space, invisible) => {
          const text = sentence.text
            .replace(/ /g, space)
            .replace(/(\p{L})(\p{L})/gu, `$1${invisible}$2`);
          expect(scrubFreeText(text).text).toBe(text);
        },
      ),
      { numRuns: 600 },
    );
  });
});
