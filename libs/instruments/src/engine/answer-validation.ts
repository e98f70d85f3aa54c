/**
 * Validates submitted answers against a (checked) definition.
 *
 * Answer shape: an object keyed by field keys; a group is an object, a repeat an array of objects,
 * a matrix `{ [row]: { [column]: cell } }`, a multiple choice an array of option values.
 *
 * Rules, in the terms of the public codes:
 * - `null` counts as absent everywhere. `''` counts as unanswered for string-valued fields (texts,
 *   single choices, dates) and `[]` for array-valued ones (multiple choices, repeats); for other
 *   types they are `TYPE` errors.
 * - `REQUIRED` (COMPLETE mode only): a visible required field is unanswered. A required matrix needs
 *   every cell (reported per missing cell; once for the whole matrix when it is absent). An absent
 *   group is read as `{}`, so its required children are reported one by one; a required group must
 *   itself be given (an object).
 * - `NOT_VISIBLE`: a field whose `visibleIf` is false has a non-null answer. Hidden fields are not
 *   validated further.
 * - `OUT_OF_RANGE`: value bounds (number, duration ≥ 0, scale, date), text length (the field's
 *   `maxLength`, else DEFAULT_MAX_TEXT_LENGTH, counted in code points), repeat items and selected
 *   options. In DRAFT mode the minimum counts (`minItems`, `minSelected`) are not enforced, since a
 *   draft is naturally short of items; value bounds are, since a wrong value stays wrong.
 * - `TYPE`: wrong JSON type, a non-integer where an integer is expected, a malformed or impossible
 *   date, or an option selected twice in a multiple choice (a selection is a set).
 * - `UNKNOWN_OPTION`, `UNKNOWN_FIELD` (any key not in the definition, `__proto__` included).
 * - `INVALID_VALUE`: a `postcode-departement` quasi-identifier that is not a postcode anonymisation
 *   can coarsen (`POSTCODE_PATTERN`), caught here so that the form, the JSON Schema and this
 *   validation agree with what `submit` stores.
 *
 * Problems are sorted by path (natural order: `items[2]` before `items[10]`). At most
 * MAX_PROBLEMS_LISTED are listed, the first ones found; when there are more, a last entry with the
 * code `TOO_MANY_ERRORS` (path `""`) says how many more were found. An array longer than its field
 * allows (more selections than the field has options, more items than `maxItems`) is one
 * `OUT_OF_RANGE` problem and is not walked further.
 */
import type {
  ChoiceField,
  ChoiceOption,
  Field,
  InstrumentDefinition,
  MatrixField,
  Problem,
  RepeatField,
} from '@observatory/instrument-sdk';
import { isFieldVisible, type AnswerScope } from './condition';
import { POSTCODE_PATTERN } from './postcode-pattern';
import {
  DEFAULT_MAX_TEXT_LENGTH,
  codePointLength,
  isAbsent,
  isIsoDate,
  isRecord,
  own,
  pathIndex,
  pathKey,
  sortProblems,
} from './shared';

const POSTCODE = new RegExp(POSTCODE_PATTERN);

export type ValidationMode = 'COMPLETE' | 'DRAFT';

export const ANSWER_PROBLEM_CODES = [
  'REQUIRED',
  'TYPE',
  'OUT_OF_RANGE',
  'UNKNOWN_OPTION',
  'UNKNOWN_FIELD',
  'NOT_VISIBLE',
  'INVALID_VALUE',
] as const;
export type AnswerProblemCode = (typeof ANSWER_PROBLEM_CODES)[number];

/** A reply lists at most this many problems, then says how many more there are. */
export const MAX_PROBLEMS_LISTED = 100;

export function validateAnswers(
  definition: InstrumentDefinition,
  answers: unknown,
  mode: ValidationMode,
): Problem[] {
  const validator = new AnswerValidator(mode);
  if (!isRecord(answers)) {
    validator.report(
      '',
      'TYPE',
      `Answers must be a JSON object keyed by field, got ${kindOf(answers)}.`,
    );
  } else {
    validator.object(definition.fields, answers, '', []);
  }
  const listed = sortProblems(validator.problems);
  if (validator.omitted === 0) return listed;
  return [
    ...listed,
    {
      path: '',
      code: 'TOO_MANY_ERRORS',
      message: `${validator.omitted} more problems were found and are not listed; fix these first.`,
    },
  ];
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

type Cell = MatrixField['cell'];

/** A scope's field keys, kept per fields array (definitions are immutable, held in memory). */
const FIELD_KEYS = new WeakMap<readonly Field[], ReadonlySet<string>>();

function fieldKeysOf(fields: readonly Field[]): ReadonlySet<string> {
  let keys = FIELD_KEYS.get(fields);
  if (!keys) {
    keys = new Set(fields.map((field) => field.key));
    FIELD_KEYS.set(fields, keys);
  }
  return keys;
}

class AnswerValidator {
  readonly problems: Problem[] = [];
  /** Problems found beyond MAX_PROBLEMS_LISTED. */
  omitted = 0;
  private readonly complete: boolean;

  constructor(mode: ValidationMode) {
    this.complete = mode === 'COMPLETE';
  }

  report(path: string, code: AnswerProblemCode, message: string): void {
    if (this.problems.length < MAX_PROBLEMS_LISTED) this.problems.push({ path, code, message });
    else this.omitted += 1;
  }

  /** One scope: the root answers, a group's object or a repeat item. */
  object(
    fields: readonly Field[],
    values: Record<string, unknown>,
    path: string,
    outer: readonly AnswerScope[],
  ): void {
    const scopes = [...outer, { fields, values }];
    const keys = fieldKeysOf(fields);
    for (const key of Object.keys(values)) {
      if (!keys.has(key)) {
        this.report(
          pathKey(path, key),
          'UNKNOWN_FIELD',
          `No field "${key}" here in the definition.`,
        );
      }
    }
    for (const field of fields) {
      const value = own(values, field.key);
      const fieldPath = pathKey(path, field.key);
      if (!isFieldVisible(field, scopes)) {
        if (!isAbsent(value)) {
          this.report(
            fieldPath,
            'NOT_VISIBLE',
            `"${field.key}" is hidden by its condition, so it must not be answered.`,
          );
        }
        continue;
      }
      this.field(field, value, fieldPath, scopes);
    }
  }

  private field(field: Field, value: unknown, path: string, scopes: readonly AnswerScope[]): void {
    if (field.type === 'group') {
      if (isAbsent(value)) {
        if (field.required === true) this.required(path);
        this.object(field.fields, {}, path, scopes);
      } else if (!isRecord(value)) {
        this.type(path, 'an object', value);
      } else {
        this.object(field.fields, value, path, scopes);
      }
      return;
    }
    if (isAbsent(value)) {
      if (field.required === true) this.required(path);
      return;
    }
    switch (field.type) {
      case 'short-text':
      case 'long-text':
        if (this.emptyString(value, field.required, path)) return;
        this.text(value, field.maxLength, path);
        if (field.generalisation?.kind === 'postcode-departement') this.postcode(value, path);
        return;
      case 'single-choice':
        if (this.emptyString(value, field.required, path)) return;
        this.choice(value, field.options, path);
        return;
      case 'multiple-choice':
        this.selection(field, value, path);
        return;
      case 'integer':
        this.number(value, true, field.min, field.max, path);
        return;
      case 'number':
        this.number(value, false, field.min, field.max, path);
        return;
      case 'duration':
        this.number(value, true, Math.max(0, field.min ?? 0), field.max, path, ' minutes');
        return;
      case 'scale':
        this.number(value, true, field.min, field.max, path);
        return;
      case 'date':
        if (this.emptyString(value, field.required, path)) return;
        this.date(value, field.min, field.max, path);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') this.type(path, 'true or false', value);
        return;
      case 'repeat':
        this.repeat(field, value, path, scopes);
        return;
      case 'matrix':
        this.matrix(field, value, path);
        return;
    }
  }

  private required(path: string): void {
    if (this.complete) this.report(path, 'REQUIRED', 'An answer is required.');
  }

  /** `''` is unanswered for string-valued fields; true when nothing more is to be checked. */
  private emptyString(value: unknown, required: boolean | undefined, path: string): boolean {
    if (value !== '') return false;
    if (required === true) this.required(path);
    return true;
  }

  private type(path: string, expected: string, value: unknown): void {
    this.report(path, 'TYPE', `Expected ${expected}, got ${kindOf(value)}.`);
  }

  private text(value: unknown, maxLength: number | undefined, path: string): void {
    if (typeof value !== 'string') {
      this.type(path, 'a string', value);
      return;
    }
    const limit = maxLength ?? DEFAULT_MAX_TEXT_LENGTH;
    if (codePointLength(value) > limit) {
      this.report(path, 'OUT_OF_RANGE', `At most ${limit} characters.`);
    }
  }

  /** A postcode that anonymisation could not coarsen would be refused after validation passed. */
  private postcode(value: unknown, path: string): void {
    if (typeof value === 'string' && !POSTCODE.test(value)) {
      this.report(
        path,
        'INVALID_VALUE',
        'Not a French postcode that can be coarsened to its département: 5 digits, e.g. 44300.',
      );
    }
  }

  private choice(value: unknown, options: readonly ChoiceOption[], path: string): void {
    if (typeof value !== 'string') {
      this.type(path, 'an option value (a string)', value);
    } else if (!options.some((option) => option.value === value)) {
      this.report(path, 'UNKNOWN_OPTION', `${JSON.stringify(value)} is not one of the options.`);
    }
  }

  private selection(field: ChoiceField, value: unknown, path: string): void {
    if (!Array.isArray(value)) {
      this.type(path, 'an array of option values', value);
      return;
    }
    if (value.length === 0) {
      if (field.required === true) this.required(path);
      return;
    }
    // A selection is a set of options: longer than the options is wrong as a whole.
    if (value.length > field.options.length) {
      const most = Math.min(field.maxSelected ?? field.options.length, field.options.length);
      this.report(path, 'OUT_OF_RANGE', `Select at most ${most} options.`);
      return;
    }
    const seen = new Set<string>();
    value.forEach((item: unknown, index) => {
      const itemPath = pathIndex(path, index);
      if (typeof item === 'string' && seen.has(item)) {
        this.report(itemPath, 'TYPE', `${JSON.stringify(item)} is selected twice.`);
        return;
      }
      this.choice(item, field.options, itemPath);
      if (typeof item === 'string') seen.add(item);
    });
    if (field.maxSelected !== undefined && value.length > field.maxSelected) {
      this.report(path, 'OUT_OF_RANGE', `Select at most ${field.maxSelected} options.`);
    }
    if (this.complete && field.minSelected !== undefined && value.length < field.minSelected) {
      this.report(path, 'OUT_OF_RANGE', `Select at least ${field.minSelected} options.`);
    }
  }

  private number(
    value: unknown,
    integer: boolean,
    min: number | undefined,
    max: number | undefined,
    path: string,
    unit = '',
  ): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.type(path, integer ? 'a whole number' : 'a number', value);
      return;
    }
    if (integer && !Number.isInteger(value)) {
      this.type(path, 'a whole number', value);
      return;
    }
    if (min !== undefined && value < min) {
      this.report(path, 'OUT_OF_RANGE', `Must be at least ${min}${unit}.`);
    } else if (max !== undefined && value > max) {
      this.report(path, 'OUT_OF_RANGE', `Must be at most ${max}${unit}.`);
    }
  }

  private date(
    value: unknown,
    min: string | undefined,
    max: string | undefined,
    path: string,
  ): void {
    if (typeof value !== 'string' || !isIsoDate(value)) {
      this.report(path, 'TYPE', 'Expected a real date written YYYY-MM-DD.');
      return;
    }
    // ISO dates of the same length compare as strings.
    if (min !== undefined && value < min) {
      this.report(path, 'OUT_OF_RANGE', `Must be on or after ${min}.`);
    } else if (max !== undefined && value > max) {
      this.report(path, 'OUT_OF_RANGE', `Must be on or before ${max}.`);
    }
  }

  private repeat(
    field: RepeatField,
    value: unknown,
    path: string,
    scopes: readonly AnswerScope[],
  ): void {
    if (!Array.isArray(value)) {
      this.type(path, 'an array of items', value);
      return;
    }
    if (value.length === 0) {
      if (field.required === true) this.required(path);
      return;
    }
    if (field.maxItems !== undefined && value.length > field.maxItems) {
      this.report(path, 'OUT_OF_RANGE', `At most ${field.maxItems} items.`);
      return;
    }
    if (this.complete && field.minItems !== undefined && value.length < field.minItems) {
      this.report(path, 'OUT_OF_RANGE', `At least ${field.minItems} items.`);
    }
    value.forEach((item: unknown, index) => {
      const itemPath = pathIndex(path, index);
      if (!isRecord(item)) this.type(itemPath, 'an object', item);
      else this.object(field.fields, item, itemPath, scopes);
    });
  }

  private matrix(field: MatrixField, value: unknown, path: string): void {
    if (!isRecord(value)) {
      this.type(path, 'an object keyed by row', value);
      return;
    }
    const required = field.required === true;
    const rowKeys = new Set(field.rows.map((row) => row.key));
    const columnKeys = new Set(field.columns.map((column) => column.key));
    for (const key of Object.keys(value)) {
      if (!rowKeys.has(key)) this.report(pathKey(path, key), 'UNKNOWN_FIELD', `No row "${key}".`);
    }
    for (const row of field.rows) {
      const rowPath = pathKey(path, row.key);
      const rowValue = own(value, row.key);
      if (!isAbsent(rowValue) && !isRecord(rowValue)) {
        this.type(rowPath, 'an object keyed by column', rowValue);
        continue;
      }
      const cells = rowValue ?? {};
      for (const key of Object.keys(cells)) {
        if (!columnKeys.has(key)) {
          this.report(pathKey(rowPath, key), 'UNKNOWN_FIELD', `No column "${key}".`);
        }
      }
      for (const column of field.columns) {
        const cellPath = pathKey(rowPath, column.key);
        const cell = own(cells, column.key);
        // '' is unanswered only in cells whose answers are strings (texts, choices).
        const unanswered = isAbsent(cell) || (cell === '' && field.cell.type !== 'scale');
        if (unanswered) {
          if (required) this.required(cellPath);
          continue;
        }
        this.cell(field.cell, cell, cellPath);
      }
    }
  }

  private cell(cell: Cell, value: unknown, path: string): void {
    switch (cell.type) {
      case 'short-text':
      case 'long-text':
        this.text(value, cell.maxLength, path);
        return;
      case 'single-choice':
        this.choice(value, cell.options, path);
        return;
      case 'scale':
        this.number(value, true, cell.min, cell.max, path);
        return;
    }
  }
}
