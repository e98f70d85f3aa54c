import fc from 'fast-check';
import { isLuhnValid, nirKey } from './checksums';
import { digitString, nirArbitrary, nirKeyOracle, withLuhnDigit } from './fixtures/arbitraries';

describe('isLuhnValid', () => {
  it.each([
    ['4111111111111111', true],
    ['5555555555554444', true],
    ['378282246310005', true],
    ['4970101234567893', true],
    ['0', true],
    ['4111111111111112', false],
    ['4970101234567894', false],
    ['', false],
    ['4111 1111 1111 1111', false],
    ['41111111111111a1', false],
  ])('%s → %s', (digits, expected) => {
    expect(isLuhnValid(digits)).toBe(expected);
  });

  it('accepts any payload with its computed check digit', () => {
    fc.assert(fc.property(digitString(15), (payload) => isLuhnValid(withLuhnDigit(payload))));
  });

  it('rejects every single-digit substitution of a valid number', () => {
    fc.assert(
      fc.property(
        digitString(15),
        fc.nat(15),
        fc.integer({ min: 1, max: 9 }),
        (payload, position, shift) => {
          const valid = withLuhnDigit(payload);
          const digit = (Number(valid[position]) + shift) % 10;
          const altered = valid.slice(0, position) + String(digit) + valid.slice(position + 1);
          return !isLuhnValid(altered);
        },
      ),
    );
  });
});

describe('nirKey', () => {
  it.each([
    ['1850578006084', 91],
    ['290072A004123', 84],
    ['290072a004123', 84],
    ['175122B033045', 87],
    ['2840197112345', 49],
  ])('%s → %d', (first13, key) => {
    expect(nirKey(first13)).toBe(key);
  });

  it.each([['185057800608'], ['18505780060845'], ['185052C006084'], ['1850578O06084'], ['']])(
    'is NaN for malformed input %p',
    (input) => {
      expect(nirKey(input)).toBeNaN();
    },
  );

  it('agrees with a BigInt implementation of the rule', () => {
    fc.assert(
      fc.property(nirArbitrary, ({ first13 }) => {
        expect(nirKey(first13)).toBe(Number(nirKeyOracle(first13)));
      }),
    );
  });
});
