/**
 * The definition language: one declarative shape for every instrument kind.
 *
 * A definition is plain JSON. Field keys are stable across versions (aggregation and exports join
 * on them), labels are French (`fr` is required, other languages optional), and every field
 * declares a privacy class that the anonymisation pipeline enforces before anything is stored.
 */

/** Text answers longer than this are refused when the field sets no `maxLength` of its own. */
export const DEFAULT_MAX_TEXT_LENGTH = 10_000;

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** French label, other languages optional: `{ fr: 'Âge', en: 'Age' }`. */
export interface LocalizedText {
  fr: string;
  [lang: string]: string;
}

export const FIELD_TYPES = [
  'short-text',
  'long-text',
  'single-choice',
  'multiple-choice',
  'integer',
  'number',
  'date',
  'duration',
  'boolean',
  'scale',
  'group',
  'repeat',
  'matrix',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const PRIVACY_CLASSES = ['none', 'quasi', 'free-text', 'identifier'] as const;
/**
 * - `none`: safe as is (a choice among broad categories, a count).
 * - `quasi`: could identify someone in combination; generalised as `generalisation` says.
 * - `free-text`: scrubbed of emails, phones, NIR, IBAN, cards, addresses and names.
 * - `identifier`: dropped before storage; forbidden in anonymous instruments.
 */
export type PrivacyClass = (typeof PRIVACY_CLASSES)[number];

/** How a quasi-identifier is coarsened before it is stored. */
export type Generalisation =
  /** The value is already coarse (e.g. a choice among age bands): kept as is. */
  | { kind: 'as-is' }
  /** A number (an age) becomes the label of the band it falls in; bounds are inclusive. */
  | { kind: 'band'; bands: { min?: number; max?: number; label: string }[] }
  /** A French postcode becomes its département (`44300` → `44`, `20000` → `2A`, `97411` → `974`). */
  | { kind: 'postcode-departement' }
  /** An ISO date keeps only its month (`2023-05-17` → `2023-05`) or its year. */
  | { kind: 'date-month' }
  | { kind: 'date-year' }
  /** A number is rounded down to a multiple of `step`. */
  | { kind: 'round'; step: number };

export interface ChoiceOption {
  value: string;
  label: LocalizedText;
}

/**
 * A condition on other answers. `field` names a field by key: a sibling in the same group or
 * repeat item first, then the enclosing scopes up to the root (so a field inside a repeat item can
 * depend on another field of the same item). A dotted path (`context.mode`) reaches into groups.
 */
export type Condition =
  | { field: string; equals: JsonPrimitive }
  | { field: string; notEquals: JsonPrimitive }
  | { field: string; in: JsonPrimitive[] }
  /** For multiple choice: the selection contains this value. */
  | { field: string; includes: string }
  | { field: string; answered: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

interface FieldBase {
  /** Stable key: `^[a-z][a-zA-Z0-9_]*$`, unique among its siblings. */
  key: string;
  label: LocalizedText;
  help?: LocalizedText;
  required?: boolean;
  visibleIf?: Condition;
  privacy: PrivacyClass;
  /** Required when `privacy` is `quasi`. */
  generalisation?: Generalisation;
}

export interface TextField extends FieldBase {
  type: 'short-text' | 'long-text';
  maxLength?: number;
}

export interface ChoiceField extends FieldBase {
  type: 'single-choice' | 'multiple-choice';
  options: ChoiceOption[];
  /** Multiple choice only. */
  minSelected?: number;
  maxSelected?: number;
  /**
   * Skills-test items: the competence area the item measures and its answer key. The answer key
   * is never served outside the admin view (see `InstrumentKindPlugin.publicView`).
   */
  scoring?: { area: string; correct: string[]; points?: number };
}

export interface NumberField extends FieldBase {
  type: 'integer' | 'number';
  min?: number;
  max?: number;
  unit?: LocalizedText;
}

/** An ISO 8601 calendar date, `YYYY-MM-DD`. */
export interface DateField extends FieldBase {
  type: 'date';
  min?: string;
  max?: string;
}

/** A duration in whole minutes. */
export interface DurationField extends FieldBase {
  type: 'duration';
  min?: number;
  max?: number;
}

export interface BooleanField extends FieldBase {
  type: 'boolean';
}

/** An integer scale (Likert, satisfaction) from `min` to `max`. */
export interface ScaleField extends FieldBase {
  type: 'scale';
  min: number;
  max: number;
  minLabel?: LocalizedText;
  maxLabel?: LocalizedText;
}

/** Fields answered together; the answer is an object keyed by the child keys. */
export interface GroupField extends FieldBase {
  type: 'group';
  fields: Field[];
}

/** One block per item (e.g. per beneficiary); the answer is an array of objects. */
export interface RepeatField extends FieldBase {
  type: 'repeat';
  fields: Field[];
  minItems?: number;
  maxItems?: number;
  itemLabel?: LocalizedText;
}

/**
 * Questions × respondents (or any rows × columns). The answer is `{ [row]: { [column]: value } }`
 * where every cell is of type `cell`. A required matrix needs every cell.
 */
export interface MatrixField extends FieldBase {
  type: 'matrix';
  rows: { key: string; label: LocalizedText }[];
  columns: { key: string; label: LocalizedText }[];
  cell:
    | { type: 'short-text' | 'long-text'; maxLength?: number }
    | { type: 'single-choice'; options: ChoiceOption[] }
    | { type: 'scale'; min: number; max: number };
}

export type Field =
  | TextField
  | ChoiceField
  | NumberField
  | DateField
  | DurationField
  | BooleanField
  | ScaleField
  | GroupField
  | RepeatField
  | MatrixField;

export type RespondentRole = 'MEDIATOR' | 'PROFESSIONAL';

export interface InstrumentDefinition {
  /** Instrument key, e.g. `techess-observation-day2`. */
  key: string;
  /** The plugin kind, e.g. `observation-grid`. */
  kind: string;
  /** Semver of this version, e.g. `1.0.0`. */
  version: string;
  title: LocalizedText;
  description?: LocalizedText;
  /** Anonymous instruments hold no identifier field and are submitted with one-time tokens. */
  anonymous?: boolean;
  /** Who may answer; absent means anyone. */
  respondentRoles?: RespondentRole[];
  /** Where the wording comes from (a seed document, a report). */
  source?: string;
  fields: Field[];
  /** Kind-specific settings, validated by the kind's plugin (e.g. the skills test's areas). */
  settings?: JsonObject;
}
