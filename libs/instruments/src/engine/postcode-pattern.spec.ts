import { generalise } from '@observatory/anonymisation';
import { POSTCODE_PATTERN } from './postcode-pattern';

const pattern = new RegExp(POSTCODE_PATTERN);
const coarsened = (value: string): boolean =>
  generalise(value, { kind: 'postcode-departement' }).ok;

describe('POSTCODE_PATTERN', () => {
  it('accepts exactly the five-digit strings anonymisation can coarsen', () => {
    const disagreements: string[] = [];
    for (let number = 0; number < 100_000; number++) {
      const code = String(number).padStart(5, '0');
      if (pattern.test(code) !== coarsened(code)) disagreements.push(code);
    }
    expect(disagreements).toEqual([]);
  });

  it.each(['44 300', ' 44300 ', '97\u00a0411', '20 620'])('agrees on spaced forms: %j', (code) => {
    expect(pattern.test(code)).toBe(coarsened(code));
    expect(pattern.test(code)).toBe(true);
  });

  it.each(['abc', '99999', '4430', '443000', '20191', '97711', '', '44-300'])(
    'refuses %j, as anonymisation does',
    (code) => {
      expect(pattern.test(code)).toBe(false);
      expect(coarsened(code)).toBe(false);
    },
  );
});
