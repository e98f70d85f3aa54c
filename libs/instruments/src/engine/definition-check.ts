/**
 * Checks an untrusted definition (admin input to `publishInstrumentVersion`) and reports every
 * problem at once, so an author can fix them all in one round.
 *
 * The input is never trusted: properties are read with `Object.hasOwn` only, nothing from it is
 * written into a plain object, strings and lists are length-capped, and recursion is bounded
 * (fields nest at most MAX_FIELD_DEPTH levels, conditions MAX_CONDITION_DEPTH, settings
 * MAX_SETTINGS_DEPTH) so hostile input yields a problem rather than a stack overflow.
 *
 * Problem codes (stable, a client may act on them):
 *   NOT_AN_OBJECT            a definition, field, option, row, column, cell, label… is not a JSON object
 *   MISSING_PROPERTY         a required property is absent (or null)
 *   EMPTY_VALUE              a required string or list is empty
 *   WRONG_TYPE               a property has the wrong JSON type
 *   UNKNOWN_PROPERTY         a property this object does not have (typo guard: `requried`)
 *   TOO_LONG                 a string is longer than its cap
 *   TOO_MANY                 a list is longer than its cap, or the definition has too many fields
 *   TOO_DEEP                 fields, conditions or settings nest too deeply
 *   INVALID_INSTRUMENT_KEY   the instrument key is not lower-case kebab/snake case
 *   INVALID_KIND             the kind is not lower-case kebab/snake case
 *   INVALID_VERSION          the version is not a plain semver `x.y.z`
 *   MISSING_FRENCH           a localized text has no non-empty `fr`
 *   INVALID_LANGUAGE         a localized text has a key that is not a language tag
 *   NO_FIELDS                the definition, a group or a repeat has no fields
 *   UNKNOWN_TYPE             a field type outside the definition language
 *   INVALID_KEY              a field/row/column key does not match ^[a-z][a-zA-Z0-9_]*$
 *   DUPLICATE_KEY            two siblings (fields, rows or columns) share a key
 *   UNKNOWN_PRIVACY_CLASS    privacy is not none/quasi/free-text/identifier
 *   MISSING_GENERALISATION   a quasi field has no generalisation
 *   GENERALISATION_NOT_QUASI a generalisation on a field that is not quasi
 *   INVALID_GENERALISATION   a generalisation is malformed (unknown kind, bad bands, bad step)
 *   INCOMPATIBLE_GENERALISATION the generalisation does not fit the field type
 *   IDENTIFIER_IN_ANONYMOUS  an identifier field in an anonymous instrument
 *   NO_OPTIONS               a choice (or choice cell) without options
 *   DUPLICATE_OPTION         two options share a value
 *   NOT_INTEGER              a bound that must be a whole number is not
 *   INVALID_BOUND            a bound outside its allowed values (negative, zero, scale too wide)
 *   INVALID_DATE             a date bound is not a real `YYYY-MM-DD` date
 *   MIN_GREATER_THAN_MAX     min > max, minSelected > maxSelected, minItems > maxItems
 *   SELECTION_OUT_OF_RANGE   minSelected/maxSelected exceed the number of options
 *   NO_ROWS                  a matrix without rows
 *   NO_COLUMNS               a matrix without columns
 *   INVALID_CELL_TYPE        a matrix cell type other than short-text/long-text/single-choice/scale
 *   INVALID_CONDITION        a malformed visibleIf
 *   UNKNOWN_CONDITION_FIELD  a visibleIf names no reachable field
 *   SELF_CONDITION           a visibleIf refers to its own field, a field inside it or a container of it
 *   CONDITION_CYCLE          fields whose visibleIf refer to each other in a loop
 *   CONDITION_TYPE_MISMATCH  the operator or value cannot match the referenced field's answers
 *   UNKNOWN_CONDITION_OPTION a visibleIf compares a choice with a value that is not an option
 *   INVALID_ROLE             a respondent role other than MEDIATOR/PROFESSIONAL
 *   DUPLICATE_ROLE           a respondent role listed twice
 *   SCORING_NOT_ALLOWED      scoring on a field that is not a choice
 *   SCORING_UNKNOWN_OPTION   a correct answer that is not an option of the field
 *   FORBIDDEN_KEY            `__proto__`, `constructor` or `prototype` as a key in settings
 */
import { valid as validSemver } from 'semver';
import {
  FIELD_TYPES,
  PRIVACY_CLASSES,
  type InstrumentDefinition,
  type Problem,
} from '@observatory/instrument-sdk';
import { resolveConditionField, type ScopeNode } from './condition';
import { isIsoDate, isRecord, own, pathIndex, pathKey } from './shared';

export const MAX_FIELD_DEPTH = 8;
export const MAX_CONDITION_DEPTH = 8;
export const MAX_SETTINGS_DEPTH = 16;
export const MAX_TOTAL_FIELDS = 2000;

const LIMITS = {
  fieldsPerList: 500,
  options: 500,
  rowsOrColumns: 200,
  bands: 100,
  conditionList: 100,
  scaleSpan: 100,
  keyLength: 64,
  instrumentKeyLength: 100,
  optionValueLength: 200,
  textLength: 5000,
  sourceLength: 2000,
} as const;

const FIELD_KEY = /^[a-z][a-zA-Z0-9_]*$/;
const INSTRUMENT_KEY = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const PLAIN_SEMVER = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)$/;
const ROLES = ['MEDIATOR', 'PROFESSIONAL'];
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const TOP_LEVEL_PROPERTIES = [
  'key',
  'kind',
  'version',
  'title',
  'description',
  'anonymous',
  'respondentRoles',
  'source',
  'fields',
  'settings',
];
const BASE_PROPERTIES = [
  'key',
  'type',
  'label',
  'help',
  'required',
  'visibleIf',
  'privacy',
  'generalisation',
];
/** Properties each type adds to the base ones; `scoring` is handled apart for a clearer message. */
const TYPE_PROPERTIES: Record<string, readonly string[]> = {
  'short-text': ['maxLength'],
  'long-text': ['maxLength'],
  'single-choice': ['options', 'scoring'],
  'multiple-choice': ['options', 'minSelected', 'maxSelected', 'scoring'],
  integer: ['min', 'max', 'unit'],
  number: ['min', 'max', 'unit'],
  date: ['min', 'max'],
  duration: ['min', 'max'],
  boolean: [],
  scale: ['min', 'max', 'minLabel', 'maxLabel'],
  group: ['fields'],
  repeat: ['fields', 'minItems', 'maxItems', 'itemLabel'],
  matrix: ['rows', 'columns', 'cell'],
};
const GENERALISATION_PROPERTIES: Record<string, readonly string[]> = {
  'as-is': ['kind'],
  band: ['kind', 'bands'],
  'postcode-departement': ['kind'],
  'date-month': ['kind'],
  'date-year': ['kind'],
  round: ['kind', 'step'],
};
/** Field types each generalisation can coarsen; `undefined` means any type. */
const GENERALISATION_TYPES: Record<string, readonly string[] | undefined> = {
  'as-is': undefined,
  band: ['integer', 'number'],
  round: ['integer', 'number'],
  'postcode-departement': ['short-text'],
  'date-month': ['date'],
  'date-year': ['date'],
};
const CELL_PROPERTIES: Record<string, readonly string[]> = {
  'short-text': ['type', 'maxLength'],
  'long-text': ['type', 'maxLength'],
  'single-choice': ['type', 'options'],
  scale: ['type', 'min', 'max'],
};
const LEAF_OPERATORS = ['equals', 'notEquals', 'in', 'includes', 'answered'];
const COMBINATORS = ['all', 'any', 'not'];

/** What the checker remembers of a field to resolve conditions once every field is known. */
interface FieldNode extends ScopeNode<FieldNode> {
  key: string;
  type: string;
  fields?: FieldNode[];
  path: string;
  /** Valid option values, for choice fields. */
  options?: string[];
  /** Sibling lists from the root to this field's own scope. */
  scopes: FieldNode[][];
  /** Containers of this field, outermost first. */
  ancestors: FieldNode[];
  condition?: { value: unknown; path: string };
}

export interface DefinitionCheckResult {
  /** The definition, only when there is no problem. */
  definition?: InstrumentDefinition;
  problems: Problem[];
}

export function checkDefinition(input: unknown): DefinitionCheckResult {
  const checker = new DefinitionChecker();
  checker.checkRoot(input);
  const problems = checker.problems;
  return problems.length === 0
    ? { definition: input as InstrumentDefinition, problems }
    : { problems };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

class DefinitionChecker {
  readonly problems: Problem[] = [];
  private anonymous = false;
  private totalFields = 0;
  private readonly nodes: FieldNode[] = [];

  private report(path: string, code: string, message: string): void {
    this.problems.push({ path, code, message });
  }

  checkRoot(input: unknown): void {
    if (!isRecord(input)) {
      this.report(
        '',
        'NOT_AN_OBJECT',
        `A definition must be a JSON object, got ${describe(input)}.`,
      );
      return;
    }
    this.unknownProperties(input, '', TOP_LEVEL_PROPERTIES, 'a definition');
    this.string(input, 'key', '', {
      required: true,
      maxLength: LIMITS.instrumentKeyLength,
      pattern: INSTRUMENT_KEY,
      patternCode: 'INVALID_INSTRUMENT_KEY',
      patternHint:
        'use lower-case letters and digits separated by - or _, e.g. "techess-observation-day2"',
    });
    this.string(input, 'kind', '', {
      required: true,
      maxLength: LIMITS.instrumentKeyLength,
      pattern: INSTRUMENT_KEY,
      patternCode: 'INVALID_KIND',
      patternHint: 'use the plugin kind, e.g. "observation-grid"',
    });
    const version = this.string(input, 'version', '', { required: true, maxLength: 100 });
    if (version !== undefined && !(PLAIN_SEMVER.test(version) && validSemver(version) !== null)) {
      this.report(
        'version',
        'INVALID_VERSION',
        `Version ${quote(version)} is not a plain semantic version; write it as MAJOR.MINOR.PATCH, e.g. "1.0.0".`,
      );
    }
    this.localized(input, 'title', '', true);
    this.localized(input, 'description', '', false);
    this.string(input, 'source', '', { required: false, maxLength: LIMITS.sourceLength });
    const anonymous = own(input, 'anonymous');
    if (anonymous !== undefined && typeof anonymous !== 'boolean') {
      this.wrongType('anonymous', 'a boolean', anonymous);
    }
    this.anonymous = anonymous === true;
    this.roles(own(input, 'respondentRoles'));
    const settings = own(input, 'settings');
    if (settings !== undefined) {
      if (!isRecord(settings)) this.wrongType('settings', 'a JSON object', settings);
      else this.jsonValue(settings, 'settings', 0);
    }

    const fields = own(input, 'fields');
    const rootScope = this.fieldList(fields, 'fields', 1, [], [], 'the definition');
    if (rootScope !== undefined) this.checkConditions();
  }

  // ── fields ────────────────────────────────────────────────────────────────────────────────

  /** Checks a list of sibling fields; returns the nodes made of them (the scope they form). */
  private fieldList(
    value: unknown,
    path: string,
    depth: number,
    outerScopes: FieldNode[][],
    ancestors: FieldNode[],
    owner: string,
  ): FieldNode[] | undefined {
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
      this.report(path, 'NO_FIELDS', `${capitalize(owner)} needs at least one field in "fields".`);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.wrongType(path, 'an array of fields', value);
      return undefined;
    }
    if (value.length > LIMITS.fieldsPerList) {
      this.report(path, 'TOO_MANY', `At most ${LIMITS.fieldsPerList} fields per list; split them.`);
      return undefined;
    }
    if (depth > MAX_FIELD_DEPTH) {
      this.report(
        path,
        'TOO_DEEP',
        `Fields nest deeper than ${MAX_FIELD_DEPTH} levels; flatten the groups and repeats.`,
      );
      return undefined;
    }
    const scope: FieldNode[] = [];
    const scopes = [...outerScopes, scope];
    const seen = new Map<string, number>();
    value.forEach((raw, index) => {
      const fieldPath = pathIndex(path, index);
      this.totalFields++;
      if (this.totalFields === MAX_TOTAL_FIELDS + 1) {
        this.report(
          fieldPath,
          'TOO_MANY',
          `A definition holds at most ${MAX_TOTAL_FIELDS} fields.`,
        );
      }
      if (this.totalFields > MAX_TOTAL_FIELDS) return;
      const node = this.field(raw, fieldPath, depth, scopes, ancestors);
      if (node === undefined) return;
      const first = seen.get(node.key);
      if (first !== undefined) {
        this.report(
          pathKey(fieldPath, 'key'),
          'DUPLICATE_KEY',
          `Key ${quote(node.key)} is already used by ${pathIndex(path, first)}; keys must be unique among siblings.`,
        );
      } else {
        seen.set(node.key, index);
      }
      scope.push(node);
    });
    return scope;
  }

  private field(
    raw: unknown,
    path: string,
    depth: number,
    scopes: FieldNode[][],
    ancestors: FieldNode[],
  ): FieldNode | undefined {
    if (!isRecord(raw)) {
      this.report(path, 'NOT_AN_OBJECT', `A field must be a JSON object, got ${describe(raw)}.`);
      return undefined;
    }
    const key = this.string(raw, 'key', path, {
      required: true,
      maxLength: LIMITS.keyLength,
      pattern: FIELD_KEY,
      patternCode: 'INVALID_KEY',
      patternHint:
        'start with a lower-case letter, then letters, digits or _ (e.g. "ageBand", "follow_up")',
    });
    const rawType = own(raw, 'type');
    let type: string | undefined;
    if (rawType === undefined || rawType === null) {
      this.report(
        pathKey(path, 'type'),
        'MISSING_PROPERTY',
        `A field needs a "type": one of ${FIELD_TYPES.join(', ')}.`,
      );
    } else if (
      typeof rawType !== 'string' ||
      !(FIELD_TYPES as readonly string[]).includes(rawType)
    ) {
      this.report(
        pathKey(path, 'type'),
        'UNKNOWN_TYPE',
        `Unknown field type ${typeof rawType === 'string' ? quote(rawType) : describe(rawType)}; use one of ${FIELD_TYPES.join(', ')}.`,
      );
    } else {
      type = rawType;
    }

    // Unknown properties can only be judged once the type is known.
    if (type !== undefined) {
      const allowed = [...BASE_PROPERTIES, ...TYPE_PROPERTIES[type]];
      for (const name of Object.keys(raw)) {
        if (allowed.includes(name)) continue;
        if (name === 'scoring') {
          this.report(
            pathKey(path, 'scoring'),
            'SCORING_NOT_ALLOWED',
            `Scoring is only allowed on single-choice and multiple-choice fields, not on a ${type} field.`,
          );
        } else {
          this.unknownProperty(pathKey(path, name), name, `a ${type} field`, allowed);
        }
      }
    }

    this.localized(raw, 'label', path, true);
    this.localized(raw, 'help', path, false);
    this.boolean(raw, 'required', path);
    this.privacy(raw, path, type);

    const node: FieldNode | undefined =
      key !== undefined && type !== undefined ? { key, type, path, scopes, ancestors } : undefined;
    const visibleIf = own(raw, 'visibleIf');
    if (node !== undefined && visibleIf !== undefined) {
      node.condition = { value: visibleIf, path: pathKey(path, 'visibleIf') };
    }

    switch (type) {
      case 'short-text':
      case 'long-text':
        this.positiveInteger(raw, 'maxLength', path);
        break;
      case 'single-choice':
      case 'multiple-choice': {
        const options = this.options(own(raw, 'options'), pathKey(path, 'options'));
        if (node !== undefined && options !== undefined) node.options = options;
        if (type === 'multiple-choice') this.selection(raw, path, options);
        this.scoring(own(raw, 'scoring'), pathKey(path, 'scoring'), options);
        break;
      }
      case 'integer':
      case 'number':
        this.numberBounds(raw, path, type === 'integer', false);
        this.localized(raw, 'unit', path, false);
        break;
      case 'duration':
        this.numberBounds(raw, path, true, true);
        break;
      case 'date':
        this.dateBounds(raw, path);
        break;
      case 'scale':
        this.scaleBounds(raw, path);
        this.localized(raw, 'minLabel', path, false);
        this.localized(raw, 'maxLabel', path, false);
        break;
      case 'group':
      case 'repeat': {
        const children = this.fieldList(
          own(raw, 'fields'),
          pathKey(path, 'fields'),
          depth + 1,
          scopes,
          node === undefined ? ancestors : [...ancestors, node],
          `a ${type}`,
        );
        if (node !== undefined && children !== undefined) node.fields = children;
        if (type === 'repeat') {
          this.itemBounds(raw, path);
          this.localized(raw, 'itemLabel', path, false);
        }
        break;
      }
      case 'matrix':
        this.matrix(raw, path);
        break;
    }
    if (node !== undefined) this.nodes.push(node);
    return node;
  }

  private privacy(raw: Record<string, unknown>, path: string, type: string | undefined): void {
    const privacy = own(raw, 'privacy');
    const generalisation = own(raw, 'generalisation');
    const privacyPath = pathKey(path, 'privacy');
    if (privacy === undefined || privacy === null) {
      this.report(
        privacyPath,
        'MISSING_PROPERTY',
        `A field needs a "privacy" class: one of ${PRIVACY_CLASSES.join(', ')}.`,
      );
    } else if (
      typeof privacy !== 'string' ||
      !(PRIVACY_CLASSES as readonly string[]).includes(privacy)
    ) {
      this.report(
        privacyPath,
        'UNKNOWN_PRIVACY_CLASS',
        `Unknown privacy class ${typeof privacy === 'string' ? quote(privacy) : describe(privacy)}; use one of ${PRIVACY_CLASSES.join(', ')}.`,
      );
    } else if (privacy === 'identifier' && this.anonymous) {
      this.report(
        privacyPath,
        'IDENTIFIER_IN_ANONYMOUS',
        'An anonymous instrument cannot hold an identifier field; remove the field or make the instrument non-anonymous.',
      );
    }
    const generalisationPath = pathKey(path, 'generalisation');
    if (privacy === 'quasi' && generalisation === undefined) {
      this.report(
        generalisationPath,
        'MISSING_GENERALISATION',
        'A quasi-identifier needs a "generalisation" (as-is, band, round, postcode-departement, date-month or date-year).',
      );
    }
    if (generalisation === undefined) return;
    if (typeof privacy === 'string' && privacy !== 'quasi') {
      this.report(
        generalisationPath,
        'GENERALISATION_NOT_QUASI',
        `Only quasi fields are generalised; remove "generalisation" or set privacy to "quasi" (it is ${quote(privacy)}).`,
      );
    }
    this.generalisation(generalisation, generalisationPath, type);
  }

  private generalisation(value: unknown, path: string, type: string | undefined): void {
    if (!isRecord(value)) {
      this.report(path, 'NOT_AN_OBJECT', `A generalisation is an object like {"kind": "as-is"}.`);
      return;
    }
    const kind = own(value, 'kind');
    const kinds = Object.keys(GENERALISATION_PROPERTIES);
    if (typeof kind !== 'string' || !kinds.includes(kind)) {
      this.report(
        pathKey(path, 'kind'),
        'INVALID_GENERALISATION',
        `Unknown generalisation kind ${typeof kind === 'string' ? quote(kind) : describe(kind)}; use one of ${kinds.join(', ')}.`,
      );
      return;
    }
    this.unknownProperties(
      value,
      path,
      GENERALISATION_PROPERTIES[kind],
      `a ${kind} generalisation`,
    );
    const types = GENERALISATION_TYPES[kind];
    if (type !== undefined && types !== undefined && !types.includes(type)) {
      this.report(
        pathKey(path, 'kind'),
        'INCOMPATIBLE_GENERALISATION',
        `A ${kind} generalisation applies to ${types.join(' or ')} fields, not to a ${type} field.`,
      );
    }
    if (kind === 'round') {
      const step = own(value, 'step');
      if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) {
        this.report(
          pathKey(path, 'step'),
          'INVALID_GENERALISATION',
          'A round generalisation needs a positive "step" (e.g. 5 to round down to multiples of 5).',
        );
      }
    }
    if (kind === 'band') this.bands(own(value, 'bands'), pathKey(path, 'bands'));
  }

  private bands(value: unknown, path: string): void {
    if (!Array.isArray(value) || value.length === 0) {
      this.report(
        path,
        'INVALID_GENERALISATION',
        'A band generalisation needs a non-empty "bands" list like [{"max": 17, "label": "0-17"}, {"min": 18, "label": "18+"}].',
      );
      return;
    }
    if (value.length > LIMITS.bands) {
      this.report(path, 'TOO_MANY', `At most ${LIMITS.bands} bands.`);
      return;
    }
    const ranges: { low: number; high: number; index: number }[] = [];
    value.forEach((band, index) => {
      const bandPath = pathIndex(path, index);
      if (!isRecord(band)) {
        this.report(bandPath, 'NOT_AN_OBJECT', 'A band is an object {min?, max?, label}.');
        return;
      }
      this.unknownProperties(band, bandPath, ['min', 'max', 'label'], 'a band');
      this.string(band, 'label', bandPath, { required: true, maxLength: LIMITS.optionValueLength });
      const min = this.finiteNumber(band, 'min', bandPath);
      const max = this.finiteNumber(band, 'max', bandPath);
      if (min !== undefined && max !== undefined && min > max) {
        this.minMax(bandPath, 'min', min, 'max', max);
        return;
      }
      ranges.push({ low: min ?? -Infinity, high: max ?? Infinity, index });
    });
    // Bounds are inclusive, so two bands overlap when one starts at or before the other's end.
    ranges.sort((a, b) => a.low - b.low);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i].low <= ranges[i - 1].high) {
        this.report(
          pathIndex(path, ranges[i].index),
          'INVALID_GENERALISATION',
          `Band ${ranges[i].index} overlaps band ${ranges[i - 1].index}; a value must fall in one band only (bounds are inclusive).`,
        );
      }
    }
  }

  private options(value: unknown, path: string): string[] | undefined {
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
      this.report(path, 'NO_OPTIONS', 'A choice needs a non-empty "options" list.');
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.wrongType(path, 'an array of options', value);
      return undefined;
    }
    if (value.length > LIMITS.options) {
      this.report(path, 'TOO_MANY', `At most ${LIMITS.options} options.`);
      return undefined;
    }
    const values: string[] = [];
    const seen = new Map<string, number>();
    value.forEach((option, index) => {
      const optionPath = pathIndex(path, index);
      if (!isRecord(option)) {
        this.report(optionPath, 'NOT_AN_OBJECT', 'An option is an object {value, label}.');
        return;
      }
      this.unknownProperties(option, optionPath, ['value', 'label'], 'an option');
      this.localized(option, 'label', optionPath, true);
      const optionValue = this.string(option, 'value', optionPath, {
        required: true,
        maxLength: LIMITS.optionValueLength,
      });
      if (optionValue === undefined) return;
      const first = seen.get(optionValue);
      if (first !== undefined) {
        this.report(
          pathKey(optionPath, 'value'),
          'DUPLICATE_OPTION',
          `Option value ${quote(optionValue)} is already used by ${pathIndex(path, first)}; option values must be unique.`,
        );
        return;
      }
      seen.set(optionValue, index);
      values.push(optionValue);
    });
    return values;
  }

  private selection(raw: Record<string, unknown>, path: string, options?: string[]): void {
    const min = this.nonNegativeInteger(raw, 'minSelected', path);
    const max = this.nonNegativeInteger(raw, 'maxSelected', path);
    if (max === 0) {
      this.report(pathKey(path, 'maxSelected'), 'INVALID_BOUND', 'maxSelected must be at least 1.');
    }
    if (min !== undefined && max !== undefined && min > max) {
      this.minMax(path, 'minSelected', min, 'maxSelected', max);
    }
    if (options === undefined) return;
    for (const [name, bound] of [
      ['minSelected', min],
      ['maxSelected', max],
    ] as const) {
      if (bound !== undefined && bound > options.length) {
        this.report(
          pathKey(path, name),
          'SELECTION_OUT_OF_RANGE',
          `${name} is ${bound} but there are only ${options.length} options.`,
        );
      }
    }
  }

  private scoring(value: unknown, path: string, options?: string[]): void {
    if (value === undefined) return;
    if (!isRecord(value)) {
      this.report(path, 'NOT_AN_OBJECT', 'Scoring is an object {area, correct, points?}.');
      return;
    }
    this.unknownProperties(value, path, ['area', 'correct', 'points'], 'scoring');
    this.string(value, 'area', path, { required: true, maxLength: LIMITS.keyLength * 2 });
    const points = own(value, 'points');
    if (
      points !== undefined &&
      (typeof points !== 'number' || !(points > 0) || !isFinite(points))
    ) {
      this.report(pathKey(path, 'points'), 'INVALID_BOUND', 'points must be a positive number.');
    }
    const correct = own(value, 'correct');
    const correctPath = pathKey(path, 'correct');
    if (correct === undefined || correct === null) {
      this.report(
        correctPath,
        'MISSING_PROPERTY',
        'Scoring needs "correct": the right option values.',
      );
      return;
    }
    if (!Array.isArray(correct)) {
      this.wrongType(correctPath, 'an array of option values', correct);
      return;
    }
    if (correct.length === 0) {
      this.report(correctPath, 'EMPTY_VALUE', 'Scoring needs at least one correct option value.');
      return;
    }
    if (correct.length > LIMITS.options) {
      this.report(correctPath, 'TOO_MANY', `At most ${LIMITS.options} correct values.`);
      return;
    }
    correct.forEach((answer, index) => {
      const answerPath = pathIndex(correctPath, index);
      if (typeof answer !== 'string') this.wrongType(answerPath, 'an option value', answer);
      else if (options !== undefined && !options.includes(answer)) {
        this.report(
          answerPath,
          'SCORING_UNKNOWN_OPTION',
          `Correct answer ${quote(answer)} is not one of the field's option values.`,
        );
      }
    });
  }

  private numberBounds(
    raw: Record<string, unknown>,
    path: string,
    integer: boolean,
    nonNegative: boolean,
  ): void {
    const read = (name: string): number | undefined =>
      integer ? this.integer(raw, name, path) : this.finiteNumber(raw, name, path);
    const min = read('min');
    const max = read('max');
    if (nonNegative) {
      for (const [name, bound] of [
        ['min', min],
        ['max', max],
      ] as const) {
        if (bound !== undefined && bound < 0) {
          this.report(
            pathKey(path, name),
            'INVALID_BOUND',
            `A duration ${name} cannot be negative.`,
          );
        }
      }
    }
    if (min !== undefined && max !== undefined && min > max)
      this.minMax(path, 'min', min, 'max', max);
  }

  private scaleBounds(raw: Record<string, unknown>, path: string): void {
    const min = this.integer(raw, 'min', path, true);
    const max = this.integer(raw, 'max', path, true);
    if (min === undefined || max === undefined) return;
    if (min >= max) {
      this.report(
        pathKey(path, 'min'),
        'MIN_GREATER_THAN_MAX',
        `A scale needs min < max (got ${min} and ${max}).`,
      );
    } else if (max - min > LIMITS.scaleSpan) {
      this.report(
        pathKey(path, 'max'),
        'INVALID_BOUND',
        `A scale spans at most ${LIMITS.scaleSpan} steps; use an integer field for wider ranges.`,
      );
    }
  }

  private dateBounds(raw: Record<string, unknown>, path: string): void {
    const read = (name: string): string | undefined => {
      const value = own(raw, name);
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || !isIsoDate(value)) {
        this.report(
          pathKey(path, name),
          'INVALID_DATE',
          `${name} must be a real date written YYYY-MM-DD, e.g. "2024-01-31".`,
        );
        return undefined;
      }
      return value;
    };
    const min = read('min');
    const max = read('max');
    if (min !== undefined && max !== undefined && min > max) {
      this.report(
        pathKey(path, 'min'),
        'MIN_GREATER_THAN_MAX',
        `min (${min}) is after max (${max}).`,
      );
    }
  }

  private itemBounds(raw: Record<string, unknown>, path: string): void {
    const min = this.nonNegativeInteger(raw, 'minItems', path);
    const max = this.nonNegativeInteger(raw, 'maxItems', path);
    if (max === 0) {
      this.report(pathKey(path, 'maxItems'), 'INVALID_BOUND', 'maxItems must be at least 1.');
    }
    if (min !== undefined && max !== undefined && min > max) {
      this.minMax(path, 'minItems', min, 'maxItems', max);
    }
  }

  private matrix(raw: Record<string, unknown>, path: string): void {
    this.axis(own(raw, 'rows'), pathKey(path, 'rows'), 'NO_ROWS', 'row');
    this.axis(own(raw, 'columns'), pathKey(path, 'columns'), 'NO_COLUMNS', 'column');
    const cell = own(raw, 'cell');
    const cellPath = pathKey(path, 'cell');
    if (cell === undefined || cell === null) {
      this.report(
        cellPath,
        'MISSING_PROPERTY',
        'A matrix needs a "cell" describing every cell, e.g. {"type": "long-text"}.',
      );
      return;
    }
    if (!isRecord(cell)) {
      this.report(
        cellPath,
        'NOT_AN_OBJECT',
        'A matrix cell is an object like {"type": "long-text"}.',
      );
      return;
    }
    const type = own(cell, 'type');
    const cellTypes = Object.keys(CELL_PROPERTIES);
    if (typeof type !== 'string' || !cellTypes.includes(type)) {
      this.report(
        pathKey(cellPath, 'type'),
        'INVALID_CELL_TYPE',
        `A matrix cell type must be one of ${cellTypes.join(', ')}.`,
      );
      return;
    }
    this.unknownProperties(cell, cellPath, CELL_PROPERTIES[type], `a ${type} cell`);
    if (type === 'single-choice') this.options(own(cell, 'options'), pathKey(cellPath, 'options'));
    else if (type === 'scale') this.scaleBounds(cell, cellPath);
    else this.positiveInteger(cell, 'maxLength', cellPath);
  }

  private axis(value: unknown, path: string, emptyCode: string, noun: string): void {
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
      this.report(path, emptyCode, `A matrix needs at least one ${noun}.`);
      return;
    }
    if (!Array.isArray(value)) {
      this.wrongType(path, `an array of ${noun}s`, value);
      return;
    }
    if (value.length > LIMITS.rowsOrColumns) {
      this.report(path, 'TOO_MANY', `At most ${LIMITS.rowsOrColumns} ${noun}s.`);
      return;
    }
    const seen = new Map<string, number>();
    value.forEach((item, index) => {
      const itemPath = pathIndex(path, index);
      if (!isRecord(item)) {
        this.report(itemPath, 'NOT_AN_OBJECT', `A ${noun} is an object {key, label}.`);
        return;
      }
      this.unknownProperties(item, itemPath, ['key', 'label'], `a ${noun}`);
      this.localized(item, 'label', itemPath, true);
      const key = this.string(item, 'key', itemPath, {
        required: true,
        maxLength: LIMITS.keyLength,
        pattern: FIELD_KEY,
        patternCode: 'INVALID_KEY',
        patternHint: 'start with a lower-case letter, then letters, digits or _',
      });
      if (key === undefined) return;
      const first = seen.get(key);
      if (first !== undefined) {
        this.report(
          pathKey(itemPath, 'key'),
          'DUPLICATE_KEY',
          `${capitalize(noun)} key ${quote(key)} is already used by ${pathIndex(path, first)}.`,
        );
      } else {
        seen.set(key, index);
      }
    });
  }

  private roles(value: unknown): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.wrongType('respondentRoles', 'an array of roles', value);
      return;
    }
    if (value.length === 0) {
      this.report(
        'respondentRoles',
        'EMPTY_VALUE',
        'respondentRoles is empty, so nobody could answer; omit it to let anyone answer.',
      );
      return;
    }
    if (value.length > 10) {
      this.report('respondentRoles', 'TOO_MANY', 'List each respondent role once.');
      return;
    }
    const seen = new Set<unknown>();
    value.forEach((role, index) => {
      const rolePath = pathIndex('respondentRoles', index);
      if (typeof role !== 'string' || !ROLES.includes(role)) {
        this.report(
          rolePath,
          'INVALID_ROLE',
          `Unknown respondent role ${typeof role === 'string' ? quote(role) : describe(role)}; use ${ROLES.join(' or ')}.`,
        );
      } else if (seen.has(role)) {
        this.report(rolePath, 'DUPLICATE_ROLE', `Role ${role} is listed twice.`);
      }
      seen.add(role);
    });
  }

  /** Settings are kind-specific JSON: only their JSON-ness, depth and keys are checked here. */
  private jsonValue(value: unknown, path: string, depth: number): void {
    if (depth > MAX_SETTINGS_DEPTH) {
      this.report(path, 'TOO_DEEP', `Settings nest deeper than ${MAX_SETTINGS_DEPTH} levels.`);
      return;
    }
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) this.wrongType(path, 'a finite number', value);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => this.jsonValue(item, pathIndex(path, index), depth + 1));
      return;
    }
    if (isRecord(value)) {
      for (const key of Object.keys(value)) {
        const keyPath = pathKey(path, key);
        if (FORBIDDEN_KEYS.has(key)) {
          this.report(keyPath, 'FORBIDDEN_KEY', `${quote(key)} cannot be used as a key.`);
        } else {
          this.jsonValue(value[key], keyPath, depth + 1);
        }
      }
      return;
    }
    this.wrongType(path, 'a JSON value', value);
  }

  // ── conditions ────────────────────────────────────────────────────────────────────────────

  /** Runs once every field is known, since a condition may name a field declared after it. */
  private checkConditions(): void {
    const edges = new Map<FieldNode, FieldNode[]>();
    for (const node of this.nodes) {
      if (node.condition === undefined) continue;
      const targets: FieldNode[] = [];
      this.condition(node.condition.value, node.condition.path, node, 1, targets);
      edges.set(node, targets);
    }
    this.cycles(edges);
  }

  private condition(
    value: unknown,
    path: string,
    owner: FieldNode,
    depth: number,
    targets: FieldNode[],
  ): void {
    if (depth > MAX_CONDITION_DEPTH) {
      this.report(path, 'TOO_DEEP', `Conditions nest deeper than ${MAX_CONDITION_DEPTH} levels.`);
      return;
    }
    if (!isRecord(value)) {
      this.report(
        path,
        'INVALID_CONDITION',
        `A condition is an object such as {"field": "mode", "equals": "remote"}, got ${describe(value)}.`,
      );
      return;
    }
    const keys = Object.keys(value);
    const combinators = keys.filter((key) => COMBINATORS.includes(key));
    const operators = keys.filter((key) => LEAF_OPERATORS.includes(key));
    const hasField = keys.includes('field');
    const known = [...COMBINATORS, ...LEAF_OPERATORS, 'field'];
    for (const key of keys) {
      if (!known.includes(key)) this.unknownProperty(pathKey(path, key), key, 'a condition', known);
    }
    if (combinators.length + operators.length !== 1 || (combinators.length === 1 && hasField)) {
      this.report(
        path,
        'INVALID_CONDITION',
        `A condition has exactly one of ${[...LEAF_OPERATORS, ...COMBINATORS].join(', ')}` +
          ` (with "field" for the first five).`,
      );
      return;
    }
    if (combinators.length === 1) {
      const combinator = combinators[0];
      const inner = own(value, combinator);
      const innerPath = pathKey(path, combinator);
      if (combinator === 'not') {
        this.condition(inner, innerPath, owner, depth + 1, targets);
        return;
      }
      if (!Array.isArray(inner) || inner.length === 0) {
        this.report(
          innerPath,
          'INVALID_CONDITION',
          `"${combinator}" needs a non-empty list of conditions.`,
        );
        return;
      }
      if (inner.length > LIMITS.conditionList) {
        this.report(innerPath, 'TOO_MANY', `At most ${LIMITS.conditionList} conditions per list.`);
        return;
      }
      inner.forEach((part, index) =>
        this.condition(part, pathIndex(innerPath, index), owner, depth + 1, targets),
      );
      return;
    }
    this.leaf(value, operators[0], path, owner, targets);
  }

  private leaf(
    value: Record<string, unknown>,
    operator: string,
    path: string,
    owner: FieldNode,
    targets: FieldNode[],
  ): void {
    const operand = own(value, operator);
    const operandPath = pathKey(path, operator);
    const primitive = (item: unknown): boolean =>
      item === null ||
      typeof item === 'string' ||
      typeof item === 'boolean' ||
      (typeof item === 'number' && Number.isFinite(item));
    let shapeOk = true;
    if (operator === 'equals' || operator === 'notEquals') {
      if (!primitive(operand)) {
        this.report(
          operandPath,
          'INVALID_CONDITION',
          `"${operator}" takes a string, number, boolean or null.`,
        );
        shapeOk = false;
      }
    } else if (operator === 'in') {
      if (!Array.isArray(operand) || operand.length === 0 || !operand.every(primitive)) {
        this.report(
          operandPath,
          'INVALID_CONDITION',
          '"in" takes a non-empty list of strings, numbers, booleans or null.',
        );
        shapeOk = false;
      } else if (operand.length > LIMITS.options) {
        this.report(operandPath, 'TOO_MANY', `At most ${LIMITS.options} values in "in".`);
        shapeOk = false;
      }
    } else if (operator === 'includes') {
      if (typeof operand !== 'string') {
        this.report(
          operandPath,
          'INVALID_CONDITION',
          '"includes" takes an option value (a string).',
        );
        shapeOk = false;
      }
    } else if (typeof operand !== 'boolean') {
      this.report(operandPath, 'INVALID_CONDITION', '"answered" takes true or false.');
      shapeOk = false;
    }

    const name = own(value, 'field');
    const fieldPath = pathKey(path, 'field');
    if (typeof name !== 'string' || name === '') {
      this.report(
        fieldPath,
        'INVALID_CONDITION',
        'A condition needs "field": the key of the field it tests.',
      );
      return;
    }
    if (name.length > LIMITS.keyLength * MAX_FIELD_DEPTH) {
      this.report(fieldPath, 'TOO_LONG', 'This field path is too long.');
      return;
    }
    const resolution = resolveConditionField(owner.scopes, name);
    if (!resolution.ok) {
      this.report(
        fieldPath,
        'UNKNOWN_CONDITION_FIELD',
        `${resolution.reason}; check the key and the scope.`,
      );
      return;
    }
    const target = resolution.field;
    if (target === owner) {
      this.report(
        fieldPath,
        'SELF_CONDITION',
        `The visibility of "${owner.key}" cannot depend on itself.`,
      );
      return;
    }
    if (owner.ancestors.includes(target) || resolution.chain.includes(owner)) {
      this.report(
        fieldPath,
        'SELF_CONDITION',
        `The visibility of "${owner.key}" cannot depend on a group or repeat containing it, or on a field inside it.`,
      );
      return;
    }
    targets.push(target);
    if (shapeOk) this.leafType(operator, operand, target, operandPath);
  }

  /** Flags comparisons that can never hold given what the referenced field's answers look like. */
  private leafType(operator: string, operand: unknown, target: FieldNode, path: string): void {
    if (operator === 'answered') return;
    if (operator === 'includes') {
      if (target.type !== 'multiple-choice') {
        this.report(
          path,
          'CONDITION_TYPE_MISMATCH',
          `"includes" tests a multiple-choice selection, but "${target.key}" is a ${target.type} field; use "equals" or "in".`,
        );
      } else if (target.options !== undefined && !target.options.includes(operand as string)) {
        this.unknownConditionOption(path, operand, target);
      }
      return;
    }
    const values = operator === 'in' ? (operand as unknown[]) : [operand];
    const expected = expectedPrimitive(target.type);
    if (expected === undefined) {
      this.report(
        path,
        'CONDITION_TYPE_MISMATCH',
        target.type === 'multiple-choice'
          ? `"${target.key}" is multiple-choice; test it with "includes".`
          : `"${target.key}" is a ${target.type}; only "answered" can test it.`,
      );
      return;
    }
    for (const item of values) {
      if (item === null) continue;
      if (typeof item !== expected) {
        this.report(
          path,
          'CONDITION_TYPE_MISMATCH',
          `"${target.key}" holds ${expected}s, so it never equals ${JSON.stringify(item)}.`,
        );
        return;
      }
      if (target.options !== undefined && !target.options.includes(item as string)) {
        this.unknownConditionOption(path, item, target);
        return;
      }
    }
  }

  private unknownConditionOption(path: string, value: unknown, target: FieldNode): void {
    this.report(
      path,
      'UNKNOWN_CONDITION_OPTION',
      `${JSON.stringify(value)} is not an option of "${target.key}" (options: ${(target.options ?? []).join(', ')}).`,
    );
  }

  /** Reports each loop of visibility dependencies once, on the visibleIf of its members. */
  private cycles(edges: Map<FieldNode, FieldNode[]>): void {
    const state = new Map<FieldNode, 'active' | 'done'>();
    const reported = new Set<FieldNode>();
    // Iterative DFS: a long chain of conditions must not overflow the stack.
    for (const start of edges.keys()) {
      if (state.has(start)) continue;
      const stack: { node: FieldNode; next: number }[] = [{ node: start, next: 0 }];
      state.set(start, 'active');
      while (stack.length > 0) {
        const frame = stack[stack.length - 1];
        const targets = edges.get(frame.node) ?? [];
        if (frame.next >= targets.length) {
          state.set(frame.node, 'done');
          stack.pop();
          continue;
        }
        const target = targets[frame.next++];
        const targetState = state.get(target);
        if (targetState === 'active') {
          const loop = stack.slice(stack.findIndex((f) => f.node === target)).map((f) => f.node);
          for (const member of loop) {
            if (reported.has(member) || member.condition === undefined) continue;
            reported.add(member);
            this.report(
              member.condition.path,
              'CONDITION_CYCLE',
              `Visibility conditions loop: ${[...loop, target].map((n) => n.key).join(' → ')}; break the loop.`,
            );
          }
        } else if (targetState === undefined) {
          state.set(target, 'active');
          stack.push({ node: target, next: 0 });
        }
      }
    }
  }

  // ── primitive readers ─────────────────────────────────────────────────────────────────────

  private string(
    record: Record<string, unknown>,
    name: string,
    parent: string,
    rule: {
      required: boolean;
      maxLength: number;
      pattern?: RegExp;
      patternCode?: string;
      patternHint?: string;
    },
  ): string | undefined {
    const path = pathKey(parent, name);
    const value = own(record, name);
    if (value === undefined || value === null) {
      if (rule.required) this.report(path, 'MISSING_PROPERTY', `"${name}" is required.`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.wrongType(path, 'a string', value);
      return undefined;
    }
    if (value.trim() === '') {
      this.report(path, 'EMPTY_VALUE', `"${name}" cannot be empty.`);
      return undefined;
    }
    if (value.length > rule.maxLength) {
      this.report(path, 'TOO_LONG', `"${name}" is longer than ${rule.maxLength} characters.`);
      return undefined;
    }
    if (rule.pattern !== undefined && !rule.pattern.test(value)) {
      this.report(
        path,
        rule.patternCode ?? 'INVALID_KEY',
        `${quote(value)} is not a valid ${name}: ${rule.patternHint ?? ''}.`,
      );
      return undefined;
    }
    return value;
  }

  private localized(
    record: Record<string, unknown>,
    name: string,
    parent: string,
    required: boolean,
  ): void {
    const path = pathKey(parent, name);
    const value = own(record, name);
    if (value === undefined || value === null) {
      if (required) {
        this.report(path, 'MISSING_PROPERTY', `"${name}" is required, e.g. {"fr": "…"}.`);
      }
      return;
    }
    if (!isRecord(value)) {
      this.report(
        path,
        'NOT_AN_OBJECT',
        `"${name}" is a text per language such as {"fr": "…", "en": "…"}, got ${describe(value)}.`,
      );
      return;
    }
    const french = own(value, 'fr');
    if (typeof french !== 'string' || french.trim() === '') {
      this.report(
        pathKey(path, 'fr'),
        'MISSING_FRENCH',
        `"${name}" needs a non-empty French text in "fr".`,
      );
    }
    for (const language of Object.keys(value)) {
      const languagePath = pathKey(path, language);
      if (!LANGUAGE_TAG.test(language)) {
        this.report(
          languagePath,
          'INVALID_LANGUAGE',
          `${quote(language)} is not a language tag; use codes such as "fr", "en", "pt-BR".`,
        );
        continue;
      }
      const text = value[language];
      if (typeof text !== 'string') {
        if (language !== 'fr') this.wrongType(languagePath, 'a string', text);
      } else if (text.length > LIMITS.textLength) {
        this.report(
          languagePath,
          'TOO_LONG',
          `Texts are limited to ${LIMITS.textLength} characters.`,
        );
      }
    }
  }

  private boolean(record: Record<string, unknown>, name: string, parent: string): void {
    const value = own(record, name);
    if (value !== undefined && typeof value !== 'boolean') {
      this.wrongType(pathKey(parent, name), 'true or false', value);
    }
  }

  private finiteNumber(
    record: Record<string, unknown>,
    name: string,
    parent: string,
    required = false,
  ): number | undefined {
    const value = own(record, name);
    const path = pathKey(parent, name);
    if (value === undefined || value === null) {
      if (required) this.report(path, 'MISSING_PROPERTY', `"${name}" is required.`);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.wrongType(path, 'a finite number', value);
      return undefined;
    }
    return value;
  }

  private integer(
    record: Record<string, unknown>,
    name: string,
    parent: string,
    required = false,
  ): number | undefined {
    const value = this.finiteNumber(record, name, parent, required);
    if (value === undefined) return undefined;
    if (!Number.isSafeInteger(value)) {
      this.report(pathKey(parent, name), 'NOT_INTEGER', `"${name}" must be a whole number.`);
      return undefined;
    }
    return value;
  }

  private nonNegativeInteger(
    record: Record<string, unknown>,
    name: string,
    parent: string,
  ): number | undefined {
    const value = this.integer(record, name, parent);
    if (value !== undefined && value < 0) {
      this.report(pathKey(parent, name), 'INVALID_BOUND', `"${name}" cannot be negative.`);
      return undefined;
    }
    return value;
  }

  private positiveInteger(record: Record<string, unknown>, name: string, parent: string): void {
    const value = this.integer(record, name, parent);
    if (value !== undefined && value < 1) {
      this.report(pathKey(parent, name), 'INVALID_BOUND', `"${name}" must be at least 1.`);
    }
  }

  private minMax(path: string, minName: string, min: number, maxName: string, max: number): void {
    this.report(
      pathKey(path, minName),
      'MIN_GREATER_THAN_MAX',
      `${minName} (${min}) is greater than ${maxName} (${max}).`,
    );
  }

  private wrongType(path: string, expected: string, value: unknown): void {
    this.report(path, 'WRONG_TYPE', `Expected ${expected}, got ${describe(value)}.`);
  }

  private unknownProperties(
    record: Record<string, unknown>,
    path: string,
    allowed: readonly string[],
    owner: string,
  ): void {
    for (const name of Object.keys(record)) {
      if (!allowed.includes(name)) this.unknownProperty(pathKey(path, name), name, owner, allowed);
    }
  }

  private unknownProperty(
    path: string,
    name: string,
    owner: string,
    allowed: readonly string[],
  ): void {
    const suggestion = closest(name, allowed);
    this.report(
      path,
      'UNKNOWN_PROPERTY',
      `${capitalize(owner)} has no property ${quote(name)}` +
        (suggestion !== undefined
          ? `; did you mean "${suggestion}"?`
          : `; allowed: ${allowed.join(', ')}.`),
    );
  }
}

/** The JSON type a field's answer has when a condition compares it with a primitive. */
function expectedPrimitive(type: string): 'string' | 'number' | 'boolean' | undefined {
  switch (type) {
    case 'short-text':
    case 'long-text':
    case 'single-choice':
    case 'date':
      return 'string';
    case 'integer':
    case 'number':
    case 'duration':
    case 'scale':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The allowed name within edit distance 2 of a typo, to turn `requried` into a hint. */
function closest(name: string, allowed: readonly string[]): string | undefined {
  if (name.length > 40) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
