import fc from 'fast-check';
import { phoneArbitrary, surroundingsArbitrary } from '../fixtures/arbitraries';
import { createSpanDetector } from '../detection';
import { found as foundOf } from '../fixtures/found';

const found = (text: string): string[] => foundOf('PHONE', text);
const detect = createSpanDetector();

describe('phones', () => {
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
    // Every grouping and separator people type.
    '06/12/34/56/78',
    '06 1234 5678',
    '0612 34 56 78',
    '06 12 345 678',
    '06 12.34 56 78',
    '06 - 12 - 34 - 56 - 78',
    '0 6 1 2 3 4 5 6 7 8',
    '(+33) 6 12 34 56 78',
    '+33 (0)2 99 12 34 56',
    // International numbers.
    '+44 20 7946 0958',
    '+32 470 12 34 56',
    '+212 6 61 23 45 67',
    '+262 692 12 34 56',
    '0032 470 12 34 56',
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
    '0612345678901',
    '06 12 34 56 78 90',
    '01/02/2023 10 personnes',
    '0012 3456 7890',
    '00 12 34 56 78',
    'réf0612345678',
    '3.0612345678',
    'SIRET 123 456 789 00012',
    '+5 %',
    '+ 12 points',
  ])('finds nothing in %p', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('still takes a number followed by a spaced digit: privacy before precision', () => {
    expect(found('06 12 34 56 78 9 fois')).toEqual(['06 12 34 56 78']);
  });

  it('finds two phones joined by a slash or a dash', () => {
    expect(found('06 12 34 56 78/07 98 76 54 32')).toEqual(['06 12 34 56 78', '07 98 76 54 32']);
    expect(found('06.12.34.56.78 - 07.98.76.54.32')).toEqual(['06.12.34.56.78', '07.98.76.54.32']);
  });

  it('reports the kind and offsets', () => {
    expect(detect('Tél 0612345678')).toEqual([{ start: 4, end: 14, kind: 'PHONE' }]);
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
