import { withoutValues } from './graphql-errors';

describe('withoutValues', () => {
  it.each([
    [
      'Variable "$input" got invalid value "jean@example.org" at "input.name"; String cannot represent a non string value: 12',
      'Variable "$input" got an invalid value at "input.name"; String cannot represent a non string value',
    ],
    [
      'Variable "$n" got invalid value "06 12 34 56 78"; Int cannot represent non-integer value: "06 12 34 56 78"',
      'Variable "$n" got an invalid value; Int cannot represent non-integer value',
    ],
    [
      'Expected value of type "Role!", found "Mme Martin".',
      'Expected value of type "Role!", found another value.',
    ],
    [
      'Variable "$input" got invalid value "Mme \\"X\\"" at "input.role"; Value "Mme \\"X\\"" does not exist in "Role" enum.',
      'Variable "$input" got an invalid value at "input.role"; The value does not exist in "Role" enum.',
    ],
    [
      'Variable "$input" got invalid value "a; Value \\"x\\"" at "input.role"; Value "a; Value \\"x\\"" does not exist in "Role" enum.',
      'Variable "$input" got an invalid value at "input.role"; The value does not exist in "Role" enum.',
    ],
    [
      'Variable "$input" got invalid value { role: "ADMIN" }; Field "name" of required type "String!" was not provided.',
      'Variable "$input" got an invalid value; Field "name" of required type "String!" was not provided.',
    ],
    ['Cannot query field "nope" on type "Query".', 'Cannot query field "nope" on type "Query".'],
  ])('strips the value from %p', (message, expected) => {
    expect(withoutValues(message)).toBe(expected);
  });
});
