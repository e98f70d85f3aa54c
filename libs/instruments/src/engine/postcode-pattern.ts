/**
 * The French postcodes that anonymisation can coarsen to a département (`postcode-departement`),
 * as a regular expression for the places that check before the service does: the SurveyJS form's
 * regex validator and the answer JSON Schema's `pattern`. Five digits, a space allowed after the
 * second, spaces around; mainland 01–95 except 20, Corsica 20000–20190 and 20200–20620, overseas
 * 971–976, and 98x. `postcode-pattern.spec.ts` checks it against the generaliser on every
 * five-digit string.
 */
export const POSTCODE_PATTERN =
  '^\\s*(?:(?:0[1-9]|1\\d|2[1-9]|[3-8]\\d|9[0-5])[ \\u00a0]?\\d{3}' +
  '|20[ \\u00a0]?(?:0\\d{2}|1[0-8]\\d|190|[2-5]\\d{2}|6[01]\\d|620)' +
  '|97[ \\u00a0]?[1-6]\\d{2}' +
  '|98[ \\u00a0]?\\d{3})\\s*$';
