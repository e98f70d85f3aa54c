import fc from 'fast-check';
import type { Generalisation, JsonValue } from '@observatory/instrument-sdk';
import { generalise, type GeneralisationResult } from './generalisation';

const ok = (value: JsonValue): GeneralisationResult => ({ ok: true, value });
const fail = (reason: string): GeneralisationResult =>
  ({ ok: false, reason }) as GeneralisationResult;

const ageBands: Generalisation = {
  kind: 'band',
  bands: [
    { max: 17, label: 'moins de 18 ans' },
    { min: 18, max: 34, label: '18-34' },
    { min: 35, max: 64, label: '35-64' },
    { min: 65, label: '65 ans et plus' },
  ],
};
const closedBands: Generalisation = {
  kind: 'band',
  bands: [
    { min: 0, max: 10, label: '0-10' },
    { min: 10, max: 20, label: '10-20' },
  ],
};

describe('generalise', () => {
  it.each<[string, JsonValue, Generalisation, GeneralisationResult]>([
    ['as-is keeps a value', '18-34', { kind: 'as-is' }, ok('18-34')],
    ['as-is keeps an array', ['a', 'b'], { kind: 'as-is' }, ok(['a', 'b'])],
    ['band: lower bound inclusive', 18, ageBands, ok('18-34')],
    ['band: upper bound inclusive', 34, ageBands, ok('18-34')],
    ['band: open lower band', -3, ageBands, ok('moins de 18 ans')],
    ['band: open upper band', 102, ageBands, ok('65 ans et plus')],
    ['band: decimals', 34.5, ageBands, fail('OUT_OF_BANDS')],
    ['band: first band wins on shared bounds', 10, closedBands, ok('0-10')],
    ['band: outside every band', 21, closedBands, fail('OUT_OF_BANDS')],
    ['band: no bands', 5, { kind: 'band', bands: [] }, fail('OUT_OF_BANDS')],
    ['band: a string', '42', ageBands, fail('NOT_A_NUMBER')],
    ['postcode: mainland', '44300', { kind: 'postcode-departement' }, ok('44')],
    ['postcode: leading zero', '01000', { kind: 'postcode-departement' }, ok('01')],
    ['postcode: spaced and padded', ' 44 300 ', { kind: 'postcode-departement' }, ok('44')],
    ['postcode: Ajaccio', '20000', { kind: 'postcode-departement' }, ok('2A')],
    ['postcode: 2A upper edge', '20190', { kind: 'postcode-departement' }, ok('2A')],
    ['postcode: Bastia', '20200', { kind: 'postcode-departement' }, ok('2B')],
    ['postcode: 2B upper edge', '20620', { kind: 'postcode-departement' }, ok('2B')],
    ['postcode: Corsican gap', '20195', { kind: 'postcode-departement' }, fail('INVALID_POSTCODE')],
    [
      'postcode: beyond Corsica',
      '20700',
      { kind: 'postcode-departement' },
      fail('INVALID_POSTCODE'),
    ],
    ['postcode: La Réunion', '97411', { kind: 'postcode-departement' }, ok('974')],
    ['postcode: Mayotte', '97600', { kind: 'postcode-departement' }, ok('976')],
    [
      'postcode: no 977 département',
      '97700',
      { kind: 'postcode-departement' },
      fail('INVALID_POSTCODE'),
    ],
    ['postcode: Polynésie', '98713', { kind: 'postcode-departement' }, ok('987')],
    ['postcode: 00', '00100', { kind: 'postcode-departement' }, fail('INVALID_POSTCODE')],
    ['postcode: 96', '96000', { kind: 'postcode-departement' }, fail('INVALID_POSTCODE')],
    ['postcode: 99', '99100', { kind: 'postcode-departement' }, fail('INVALID_POSTCODE')],
    ['postcode: too short', '4430', { kind: 'postcode-departement' }, fail('INVALID_POSTCODE')],
    ['postcode: letters', '44ABC', { kind: 'postcode-departement' }, fail('INVALID_POSTCODE')],
    ['postcode: a number', 44300, { kind: 'postcode-departement' }, fail('INVALID_POSTCODE')],
    ['date-month', '2023-05-17', { kind: 'date-month' }, ok('2023-05')],
    ['date-year', '2023-05-17', { kind: 'date-year' }, ok('2023')],
    ['date: leap day', '2024-02-29', { kind: 'date-month' }, ok('2024-02')],
    ['date: not a leap year', '2023-02-29', { kind: 'date-year' }, fail('INVALID_DATE')],
    ['date: year 2000 is leap', '2000-02-29', { kind: 'date-year' }, ok('2000')],
    ['date: 1900 is not leap', '1900-02-29', { kind: 'date-year' }, fail('INVALID_DATE')],
    ['date: month 13', '2023-13-01', { kind: 'date-month' }, fail('INVALID_DATE')],
    ['date: day 31 in April', '2023-04-31', { kind: 'date-month' }, fail('INVALID_DATE')],
    ['date: French format', '17/05/2023', { kind: 'date-month' }, fail('INVALID_DATE')],
    ['date: with time', '2023-05-17T10:00:00Z', { kind: 'date-month' }, fail('INVALID_DATE')],
    ['date: a number', 20230517, { kind: 'date-year' }, fail('INVALID_DATE')],
    ['round: down to the step', 37, { kind: 'round', step: 5 }, ok(35)],
    ['round: already a multiple', 35, { kind: 'round', step: 5 }, ok(35)],
    ['round: negative floors down', -7, { kind: 'round', step: 5 }, ok(-10)],
    ['round: decimal step', 0.3, { kind: 'round', step: 0.1 }, ok(0.3)],
    ['round: decimal step, between', 1.27, { kind: 'round', step: 0.25 }, ok(1.25)],
    ['round: zero', 0, { kind: 'round', step: 10 }, ok(0)],
    ['round: small negative to zero step', -0, { kind: 'round', step: 10 }, ok(0)],
    ['round: step 0', 12, { kind: 'round', step: 0 }, fail('INVALID_GENERALISATION')],
    ['round: negative step', 12, { kind: 'round', step: -5 }, fail('INVALID_GENERALISATION')],
    ['round: a string', '12', { kind: 'round', step: 5 }, fail('NOT_A_NUMBER')],
    ['round: infinite', Number.POSITIVE_INFINITY, { kind: 'round', step: 5 }, fail('NOT_A_NUMBER')],
    ['null stays null', null, ageBands, ok(null)],
  ])('%s', (_, value, generalisation, expected) => {
    expect(generalise(value, generalisation)).toEqual(expected);
  });

  it('refuses a generalisation kind it does not know', () => {
    const unknown = { kind: 'hash' } as unknown as Generalisation;
    expect(generalise('x', unknown)).toEqual(fail('INVALID_GENERALISATION'));
  });

  it('never puts the value in a failure', () => {
    const result = generalise('secret-75002', { kind: 'postcode-departement' });
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  it('band: the label is that of the first band holding the value', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (age) => {
        const result = generalise(age, ageBands);
        if (age > 17 && age < 18) return expect(result).toEqual(fail('OUT_OF_BANDS'));
        if (age > 34 && age < 35) return expect(result).toEqual(fail('OUT_OF_BANDS'));
        if (age > 64 && age < 65) return expect(result).toEqual(fail('OUT_OF_BANDS'));
        expect(result.ok).toBe(true);
      }),
    );
  });

  it('round: the result is the largest multiple of the step not above the value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        (value, step) => {
          const result = generalise(value, { kind: 'round', step });
          expect(result).toEqual(ok(Math.floor(value / step) * step || 0));
        },
      ),
    );
  });

  it('round: decimal steps give clean decimals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.constantFrom(0.1, 0.5, 0.25, 0.01),
        (hundredths, step) => {
          const value = hundredths / 100;
          const result = generalise(value, { kind: 'round', step });
          if (!result.ok || typeof result.value !== 'number') throw new Error('expected a number');
          expect(result.value).toBeLessThanOrEqual(value + 1e-9);
          expect(value - result.value).toBeLessThan(step);
          expect(String(result.value)).not.toMatch(/\d{6,}/);
        },
      ),
    );
  });

  it('postcode: mainland codes give their first two digits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 95 }).filter((departement) => departement !== 20),
        fc.integer({ min: 0, max: 999 }),
        (departement, rest) => {
          const prefix = String(departement).padStart(2, '0');
          const postcode = prefix + String(rest).padStart(3, '0');
          expect(generalise(postcode, { kind: 'postcode-departement' })).toEqual(ok(prefix));
        },
      ),
    );
  });

  it('dates: month and year are prefixes of any valid date', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          expect(generalise(iso, { kind: 'date-month' })).toEqual(ok(iso.slice(0, 7)));
          expect(generalise(iso, { kind: 'date-year' })).toEqual(ok(iso.slice(0, 4)));
        },
      ),
    );
  });
});
