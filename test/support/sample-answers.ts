/**
 * Deterministic, valid answers for any checked definition, for tests that need a COMPLETE
 * submission without writing one by hand (built-in instruments, generated definitions).
 *
 * What is answered:
 * - every visible required field, and every visible optional field too with `fillOptional`;
 * - hidden fields (their `visibleIf` false given the answers chosen) are left absent.
 *
 * Visibility depends on answers that may come later in the definition, so the answers are built
 * in passes until a fixpoint: each pass walks the fields in order, evaluates `visibleIf` with the
 * engine's own `isFieldVisible` against the answers built so far, answers what became visible and
 * drops what became hidden. A value once chosen is kept, so the passes converge unless conditions
 * contradict each other (then an error names the definition).
 *
 * Values: without a `seed`, the canonical choice (first option, lower bound or 1 clamped into the
 * bounds, `2024-03-15` clamped into the date bounds, `true`, scale minimum). With a `seed`, choices
 * are pseudo-random but a pure function of (seed, path). Skills-test items (`scoring`) always take
 * their first option(s), whatever the answer key. Texts are `Texte d'exemple pour <path>` or
 * `options.text(path)`, cut to the field's `maxLength`; postcodes (`postcode-departement`) are real
 * French postcodes so that anonymisation can coarsen them.
 */
import type {
  ChoiceField,
  ChoiceOption,
  DateField,
  Field,
  InstrumentDefinition,
  JsonObject,
  JsonValue,
  MatrixField,
  NumberField,
  RepeatField,
} from '@observatory/instrument-sdk';
import {
  DEFAULT_MAX_TEXT_LENGTH,
  isFieldVisible,
  isIsoDate,
  type AnswerScope,
} from '../../libs/instruments/src/engine';

export interface SampleAnswersOptions {
  /** Answer visible optional fields too (repeats then get up to 3 items). */
  fillOptional?: boolean;
  /** Vary choices deterministically; absent means the canonical choices. */
  seed?: number;
  /** The answer of every text field (matrix text cells included), by answer path. */
  text?: (path: string) => string;
}

const MAX_PASSES = 50;
const CANONICAL_DATE = '2024-03-15';
const POSTCODES = ['44300', '75011', '69003', '13001', '20000', '97411', '01000', '59000'];
const DAY_MS = 86_400_000;

export function sampleAnswers(
  definition: InstrumentDefinition,
  options: SampleAnswersOptions = {},
): JsonObject {
  const builder = new SampleBuilder(options);
  const answers: JsonObject = {};
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    if (!builder.fill(definition.fields, answers, '', [])) return answers;
  }
  throw new Error(
    `sampleAnswers: the answers of ${definition.key}@${definition.version} do not settle after ` +
      `${MAX_PASSES} passes; its visibleIf conditions contradict each other.`,
  );
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function truncate(text: string, maxLength: number | undefined): string {
  return Array.from(text)
    .slice(0, maxLength ?? DEFAULT_MAX_TEXT_LENGTH)
    .join('');
}

function toDay(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** FNV-1a over the seed and the path, then a mulberry32 round: a stable 32-bit number. */
function hash(seed: number, path: string): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < path.length; i++) {
    h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  }
  let t = (h + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

class SampleBuilder {
  private readonly fillOptional: boolean;

  constructor(private readonly options: SampleAnswersOptions) {
    this.fillOptional = options.fillOptional === true;
  }

  /**
   * One pass over one scope (root, group object or repeat item), in place. Returns whether
   * anything changed, so that the caller knows when the answers have settled.
   */
  fill(
    fields: readonly Field[],
    values: JsonObject,
    path: string,
    outer: readonly AnswerScope[],
  ): boolean {
    const scopes = [...outer, { fields, values }];
    let changed = false;
    for (const field of fields) {
      const fieldPath = childPath(path, field.key);
      const present = Object.hasOwn(values, field.key);
      if (!isFieldVisible(field, scopes)) {
        if (present) {
          delete values[field.key];
          changed = true;
        }
        continue;
      }
      const wanted = field.required === true || this.fillOptional;
      const existing = present ? values[field.key] : undefined;
      if (field.type === 'group') {
        const object = isObject(existing) ? existing : {};
        if (this.fill(field.fields, object, fieldPath, scopes)) changed = true;
        const keep = wanted || Object.keys(object).length > 0;
        if (keep && existing !== object) {
          values[field.key] = object;
          changed = true;
        } else if (!keep && present) {
          delete values[field.key];
          changed = true;
        }
      } else if (field.type === 'repeat') {
        if (!wanted) continue;
        const items = Array.isArray(existing) ? existing : [];
        if (existing !== items) {
          values[field.key] = items;
          changed = true;
        }
        const count = this.itemCount(field);
        if (items.length !== count) {
          items.length = Math.min(items.length, count);
          while (items.length < count) items.push({});
          changed = true;
        }
        items.forEach((item, index) => {
          const object = isObject(item) ? item : {};
          if (item !== object) {
            items[index] = object;
            changed = true;
          }
          if (this.fill(field.fields, object, `${fieldPath}[${index}]`, scopes)) changed = true;
        });
      } else if (wanted && !present) {
        values[field.key] = this.leaf(field, fieldPath);
        changed = true;
      }
    }
    return changed;
  }

  /** `max(minItems, 1)`, or 3 with `fillOptional`; never more than `maxItems`. */
  private itemCount(field: RepeatField): number {
    const least = Math.max(field.minItems ?? 0, 1);
    const count = this.fillOptional ? Math.max(least, 3) : least;
    return Math.min(count, field.maxItems ?? count);
  }

  /** An index in `[0, n)`: 0 without a seed. */
  private pick(path: string, n: number): number {
    return this.options.seed === undefined || n <= 1 ? 0 : hash(this.options.seed, path) % n;
  }

  private text(path: string, maxLength: number | undefined): string {
    const text = this.options.text?.(path) ?? `Texte d'exemple pour ${path}`;
    return truncate(text, maxLength);
  }

  private leaf(field: Exclude<Field, { type: 'group' | 'repeat' }>, path: string): JsonValue {
    switch (field.type) {
      case 'short-text':
      case 'long-text':
        if (field.generalisation?.kind === 'postcode-departement') {
          return POSTCODES[this.pick(path, POSTCODES.length)];
        }
        return this.text(path, field.maxLength);
      case 'single-choice':
        return this.choice(field, path);
      case 'multiple-choice':
        return this.selection(field, path);
      case 'integer':
      case 'number':
        return this.number(field, path);
      case 'duration':
        return this.integerIn(Math.max(0, field.min ?? 0), field.max, 30, path);
      case 'scale':
        return this.integerIn(field.min, field.max, field.min, path);
      case 'date':
        return this.date(field, path);
      case 'boolean':
        return this.pick(path, 2) === 0;
      case 'matrix':
        return this.matrix(field, path);
    }
  }

  private choice(field: ChoiceField, path: string): string {
    return this.option(field.options, field.scoring ? 0 : this.pick(path, field.options.length));
  }

  private option(options: readonly ChoiceOption[], index: number): string {
    const option = options[index];
    if (option === undefined) throw new Error('sampleAnswers: a choice has no options.');
    return option.value;
  }

  private selection(field: ChoiceField, path: string): string[] {
    const upper = Math.min(field.maxSelected ?? field.options.length, field.options.length);
    const least = Math.max(field.minSelected ?? 0, 1);
    if (least > upper) {
      throw new Error(`sampleAnswers: ${path} needs ${least} selections out of at most ${upper}.`);
    }
    if (field.scoring || this.options.seed === undefined) {
      return field.options.slice(0, least).map((option) => option.value);
    }
    const count = least + this.pick(`${path}#count`, upper - least + 1);
    // A seeded subset, in option order.
    return field.options
      .map((option, index) => ({ option, rank: hash(this.options.seed ?? 0, `${path}#${index}`) }))
      .sort((a, b) => a.rank - b.rank)
      .slice(0, count)
      .sort((a, b) => field.options.indexOf(a.option) - field.options.indexOf(b.option))
      .map(({ option }) => option.value);
  }

  private number(field: NumberField, path: string): number {
    let lo = field.min;
    let hi = field.max;
    // A quasi-identifier coarsened into bands must fall in one: aim at the first reachable band.
    if (field.generalisation?.kind === 'band') {
      const band = field.generalisation.bands.find(
        (b) =>
          (b.min === undefined || hi === undefined || b.min <= hi) &&
          (b.max === undefined || lo === undefined || b.max >= lo),
      );
      if (band !== undefined) {
        lo = lo === undefined ? band.min : band.min === undefined ? lo : Math.max(lo, band.min);
        hi = hi === undefined ? band.max : band.max === undefined ? hi : Math.min(hi, band.max);
      }
    }
    return this.integerIn(lo, hi, 1, path);
  }

  /** A whole number in `[min, max]`: `preferred` clamped without a seed. */
  private integerIn(
    min: number | undefined,
    max: number | undefined,
    preferred: number,
    path: string,
  ): number {
    const lo = min === undefined ? -Infinity : Math.ceil(min);
    const hi = max === undefined ? Infinity : Math.floor(max);
    if (lo > hi) throw new Error(`sampleAnswers: no whole number in [${min}, ${max}] for ${path}.`);
    if (this.options.seed === undefined) return Math.min(Math.max(preferred, lo), hi);
    const from = Number.isFinite(lo) ? lo : Number.isFinite(hi) ? hi - 100 : 0;
    const to = Number.isFinite(hi) ? hi : from + 100;
    return from + this.pick(path, to - from + 1);
  }

  private date(field: DateField, path: string): string {
    for (const bound of [field.min, field.max]) {
      if (bound !== undefined && !isIsoDate(bound)) {
        throw new Error(`sampleAnswers: ${path} has a malformed date bound ${bound}.`);
      }
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      throw new Error(`sampleAnswers: ${path} has min ${field.min} after max ${field.max}.`);
    }
    if (this.options.seed === undefined) {
      if (field.min !== undefined && CANONICAL_DATE < field.min) return field.min;
      if (field.max !== undefined && CANONICAL_DATE > field.max) return field.max;
      return CANONICAL_DATE;
    }
    // Within the bounds; a missing bound is taken two years from the other one.
    const SPAN = 730;
    let from = field.min === undefined ? undefined : toDay(field.min);
    let to = field.max === undefined ? undefined : toDay(field.max);
    if (from === undefined && to === undefined) from = toDay('2023-01-01');
    from ??= (to ?? 0) - SPAN;
    to ??= from + SPAN;
    return fromDay(from + this.pick(path, to - from + 1));
  }

  private matrix(field: MatrixField, path: string): JsonObject {
    const answer: JsonObject = {};
    for (const row of field.rows) {
      const cells: JsonObject = {};
      for (const column of field.columns) {
        const cellPath = `${childPath(path, row.key)}.${column.key}`;
        const cell = field.cell;
        if (cell.type === 'single-choice') {
          cells[column.key] = this.option(cell.options, this.pick(cellPath, cell.options.length));
        } else if (cell.type === 'scale') {
          cells[column.key] = this.integerIn(cell.min, cell.max, cell.min, cellPath);
        } else {
          cells[column.key] = this.text(cellPath, cell.maxLength);
        }
      }
      answer[row.key] = cells;
    }
    return answer;
  }
}
