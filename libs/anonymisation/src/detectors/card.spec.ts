import fc from 'fast-check';
import { cardArbitrary, surroundingsArbitrary } from '../fixtures/arbitraries';
import { createSpanDetector } from '../detection';
import { found as foundOf } from '../fixtures/found';

const found = (text: string): string[] => foundOf('CARD', text);
const detect = createSpanDetector();

describe('payment cards', () => {
  it.each([
    '4970 1012 3456 7893',
    '4970-1012-3456-7893',
    '4970101234567893',
    '4111 1111 1111 1111',
    '5555 5555 5555 4444',
    '3782 822463 10005',
    '4970\u00a01012\u00a03456\u00a07893',
    '4970.1012.3456.7893',
    '4970\u202f1012\u202f3456\u202f7893',
    '5132 1394 7604 6301',
    '3427 984351 30543',
  ])('finds %p', (card) => {
    expect(found(`Carte : ${card}.`)).toEqual([card]);
  });

  it('finds a card followed by an expiry date or a security code', () => {
    expect(found('Visa 4111 1111 1111 1111 exp 12/26')).toEqual(['4111 1111 1111 1111']);
    expect(found('CB 4970 1012 3456 7893 123')).toEqual(['4970 1012 3456 7893']);
  });

  it.each([
    '4970 1012 3456 7894',
    '4111111111111112',
    '1234 5678 9012 3452',
    '4970101234567893AB',
    // Luhn-valid, but of a length no network issues with that prefix (a SIRET, a NIR).
    '12345678900012',
    '220041508010749',
    'Montant : 12 000 000 000 000 euros',
    '2 84 01 971 12 345 49',
    '0000 0000 0000 0000',
    'Le 12/03/2023 à 14h30',
    '06 12 34 56 78',
  ])('finds nothing in %p', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports the kind and offsets', () => {
    expect(detect('x 4111111111111111')).toEqual([{ start: 2, end: 18, kind: 'CARD' }]);
  });

  it('finds any generated card exactly, whatever surrounds it', () => {
    fc.assert(
      fc.property(cardArbitrary, surroundingsArbitrary, (card, [before, after]) => {
        expect(found(before + card.text + after)).toEqual([card.text]);
      }),
    );
  });

  it('ignores a card with one digit changed (Luhn catches every substitution)', () => {
    fc.assert(
      fc.property(cardArbitrary, fc.nat(), fc.integer({ min: 1, max: 9 }), (card, index, shift) => {
        const position = index % card.digits.length;
        const digit = (Number(card.digits[position]) + shift) % 10;
        const altered =
          card.digits.slice(0, position) + String(digit) + card.digits.slice(position + 1);
        expect(found(`carte ${altered} fin`)).toEqual([]);
      }),
    );
  });

  it('completes on long adversarial runs', () => {
    expect(() => found('4111 '.repeat(40_000))).not.toThrow();
    expect(found('4'.repeat(200_000))).toEqual([]);
  });
});
