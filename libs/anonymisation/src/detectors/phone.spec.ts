import fc from 'fast-check';
import { phoneArbitrary, surroundingsArbitrary } from '../fixtures/arbitraries';
import { detectPhones } from './phone';

const found = (text: string): string[] =>
  detectPhones(text).map(({ start, end }) => text.slice(start, end));

describe('detectPhones', () => {
  it.each([
    '0612345678',
    '06 12 34 56 78',
    '06.12.34.56.78',
    '06-12-34-56-78',
    '+33 6 12 34 56 78',
    '+33612345678',
    '+33 (0)6 12 34 56 78',
    '+33 (0) 6 12 34 56 78',
    '0033 6 12 34 56 78',
    '01 42 34 56 78',
    '02 40 41 00 00',
    '03.20.00.00.00',
    '04 91 00 00 00',
    '05 56 00 11 22',
    '07 81 22 33 44',
    '08 10 12 34 56',
    '09 72 12 34 56',
    '06\u00a012\u00a034\u00a056\u00a078',
  ])('finds %p', (phone) => {
    expect(found(`Tél : ${phone}.`)).toEqual([phone]);
  });

  it.each([
    'le 12.03.2023',
    'le 12/03/2023',
    'le 01.02.2023',
    'le 01/02/2023 à 14h30',
    'de 9h-12h30',
    '1 250,50 €',
    '12 000 euros',
    'en 2023',
    '45 %',
    '44000',
    '06000 Nice',
    '06 12 34 56',
    '06 12.34 56 78',
    '0612345678901',
    '00 12 34 56 78',
    'réf0612345678',
    '3.0612345678',
    '+44 20 7946 0958',
    'SIRET 123 456 789 00012',
  ])('finds nothing in %p', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('still takes a number followed by a spaced digit: privacy before precision', () => {
    expect(found('06 12 34 56 78 9 fois')).toEqual(['06 12 34 56 78']);
  });

  it('reports the kind and offsets', () => {
    expect(detectPhones('Tél 0612345678')).toEqual([{ start: 4, end: 14, kind: 'PHONE' }]);
  });

  it('finds any generated number exactly, whatever surrounds it', () => {
    fc.assert(
      fc.property(phoneArbitrary, surroundingsArbitrary, (phone, [before, after]) => {
        expect(found(before + phone.text + after)).toEqual([phone.text]);
      }),
    );
  });

  it('never finds a date written with dots or slashes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1900, max: 2099 }),
        fc.constantFrom('.', '/', '-'),
        (day, month, year, separator) => {
          const date = [day, month]
            .map((part) => String(part).padStart(2, '0'))
            .concat(String(year))
            .join(separator);
          expect(found(`le ${date} à 14h30`)).toEqual([]);
        },
      ),
    );
  });

  it('completes on long adversarial runs', () => {
    expect(found('06.12.34.56.'.repeat(20_000))).toEqual([]);
    expect(found('0'.repeat(200_000))).toEqual([]);
  });
});
