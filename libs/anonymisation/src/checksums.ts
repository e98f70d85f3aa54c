/** Checksums that separate real identifiers from look-alike digit runs. Inputs are digit strings. */

/** Luhn (ISO/IEC 7812) over a string of ASCII digits; false for anything else or empty input. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const CORSICA_SUBSTITUTES: Readonly<Record<string, string>> = { '2A': '19', '2B': '18' };

/**
 * French NIR key: 97 − (first 13 characters mod 97). Corsican départements are substituted first
 * (2A → 19, 2B → 18), as the official rule states. Expects 13 characters, digits except the
 * département (positions 6–7) which may be 2A/2B; returns NaN otherwise.
 */
export function nirKey(first13: string): number {
  const normalised = first13.toUpperCase();
  if (!/^\d{5}(?:\d{2}|2A|2B)\d{6}$/.test(normalised)) return Number.NaN;
  const departement = normalised.slice(5, 7);
  const substituted = CORSICA_SUBSTITUTES[departement] ?? departement;
  const numeric = normalised.slice(0, 5) + substituted + normalised.slice(7);
  return 97 - (Number(numeric) % 97);
}
