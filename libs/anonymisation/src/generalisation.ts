import type { Generalisation, JsonValue } from '@observatory/instrument-sdk';

/** Why a value could not be generalised; a code, never the value. */
export type GeneralisationFailure =
  'NOT_A_NUMBER' | 'OUT_OF_BANDS' | 'INVALID_POSTCODE' | 'INVALID_DATE' | 'INVALID_GENERALISATION';

export type GeneralisationResult =
  { ok: true; value: JsonValue } | { ok: false; reason: GeneralisationFailure };

/**
 * Coarsens a quasi-identifier as its definition says. A value that cannot be coarsened is not
 * returned raw: the caller gets a failure and must drop or reject it. An absent answer (`null`)
 * stays absent.
 */
export function generalise(value: JsonValue, generalisation: Generalisation): GeneralisationResult {
  if (value === null) return { ok: true, value: null };
  switch (generalisation.kind) {
    case 'as-is':
      return { ok: true, value };
    case 'band':
      return toBand(value, generalisation.bands);
    case 'postcode-departement':
      return toDepartement(value);
    case 'date-month':
      return toDatePrefix(value, 7);
    case 'date-year':
      return toDatePrefix(value, 4);
    case 'round':
      return roundDown(value, generalisation.step);
    default:
      // A kind added to the SDK but not here must not let the raw value through.
      return { ok: false, reason: 'INVALID_GENERALISATION' };
  }
}

/** The label of the first band holding the value; bounds are inclusive, a missing bound is open. */
function toBand(
  value: JsonValue,
  bands: readonly { min?: number; max?: number; label: string }[],
): GeneralisationResult {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { ok: false, reason: 'NOT_A_NUMBER' };
  }
  const band = bands.find(
    ({ min, max }) => (min === undefined || value >= min) && (max === undefined || value <= max),
  );
  return band ? { ok: true, value: band.label } : { ok: false, reason: 'OUT_OF_BANDS' };
}

const POSTCODE = /^(\d{2})[ \u00a0]?(\d{3})$/;

/**
 * A French postcode to its département: the first two digits in mainland France, `2A`/`2B` for
 * Corsica (20000–20190 / 20200–20620), the first three digits overseas (97x, 98x). Postcodes are
 * strings: a number has lost its leading zero (`01000`) and is refused rather than guessed.
 */
function toDepartement(value: JsonValue): GeneralisationResult {
  const match = typeof value === 'string' ? POSTCODE.exec(value.trim()) : null;
  if (!match) return { ok: false, reason: 'INVALID_POSTCODE' };
  const departement = departementOf(match[1] + match[2]);
  return departement === undefined
    ? { ok: false, reason: 'INVALID_POSTCODE' }
    : { ok: true, value: departement };
}

function departementOf(postcode: string): string | undefined {
  const prefix = postcode.slice(0, 2);
  // Mainland départements are 01–95; 20 is split between the two Corsican ones.
  if (prefix === '00' || prefix === '96' || prefix === '99') return undefined;
  if (prefix === '20') {
    const number = Number(postcode);
    if (number <= 20190) return '2A';
    if (number >= 20200 && number <= 20620) return '2B';
    return undefined;
  }
  // 971 Guadeloupe … 976 Mayotte; 98x: Monaco and the Pacific collectivities.
  if (prefix === '97') return /^97[1-6]/.test(postcode) ? postcode.slice(0, 3) : undefined;
  if (prefix === '98') return postcode.slice(0, 3);
  return prefix;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Keeps the first `length` characters of a valid ISO calendar date (`YYYY-MM` or `YYYY`). */
function toDatePrefix(value: JsonValue, length: 4 | 7): GeneralisationResult {
  if (typeof value !== 'string') return { ok: false, reason: 'INVALID_DATE' };
  const match = ISO_DATE.exec(value);
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    return { ok: false, reason: 'INVALID_DATE' };
  }
  return { ok: true, value: value.slice(0, length) };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Computed, not via `Date`, which maps years 0–99 to 1900–1999.
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= lengths[month - 1];
}

// Quotients this close to an integer are that integer: 0.3 / 0.1 is 2.9999999999999996.
const QUOTIENT_TOLERANCE = 1e-9;

/** Floors to a multiple of `step` (−7 with step 5 → −10), without binary-fraction noise. */
function roundDown(value: JsonValue, step: number): GeneralisationResult {
  if (!Number.isFinite(step) || step <= 0) return { ok: false, reason: 'INVALID_GENERALISATION' };
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { ok: false, reason: 'NOT_A_NUMBER' };
  }
  const quotient = value / step;
  const nearest = Math.round(quotient);
  const steps =
    Math.abs(quotient - nearest) <= QUOTIENT_TOLERANCE * Math.max(1, Math.abs(quotient))
      ? nearest
      : Math.floor(quotient);
  const decimals = decimalPlaces(step);
  const rounded = steps * step;
  const result = decimals === 0 ? rounded : Number(rounded.toFixed(decimals));
  // `-0` would survive in memory and compare oddly; JSON has a single zero.
  return { ok: true, value: result === 0 ? 0 : result };
}

function decimalPlaces(step: number): number {
  if (Number.isInteger(step)) return 0;
  const [mantissa, exponent] = step.toExponential().split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.min(100, Math.max(0, fraction.length - Number(exponent)));
}
