/**
 * The instrument plugin contract. A kind is one folder under `instruments/<kind>/` whose
 * `index.ts` default-exports an `InstrumentKindPlugin`; nothing else in the service changes.
 *
 * The common engine does everything that is the same for all kinds (definition checks, answer
 * validation, anonymisation, JSON Schema and SurveyJS rendering). A plugin adds only what is
 * specific to its kind, through the optional hooks below.
 */
import type { Field, InstrumentDefinition, JsonObject, JsonValue } from './definition';

/** The SDK version this file describes. Plugins declare the range they target in `sdkVersion`. */
export const SDK_VERSION = '1.0.0';

/** A problem in a definition or in answers, located by a path (`fields[3].options`, `beneficiaries[1].needs.request`). */
export interface Problem {
  path: string;
  /** Stable code a client can act on: `REQUIRED`, `TYPE`, `UNKNOWN_OPTION`, `DUPLICATE_KEY`… */
  code: string;
  message: string;
}

/** A value the aggregation layer can count or summarise, beyond the definition's own fields. */
export interface Measure {
  /** Key used in `aggregate(input: { field })`, e.g. `score.information-data`. */
  key: string;
  label: string;
  type: 'count' | 'numeric';
  /** Where the value lives in the stored submission: `answers` or `derived`. */
  source: 'answers' | 'derived';
  /** Dotted path inside that source. */
  path: string;
}

export interface InstrumentKindPlugin {
  /** The kind this plugin owns, e.g. `skills-test`. Two plugins cannot claim one kind. */
  kind: string;
  /** The plugin's own semver. */
  version: string;
  /** The SDK range the plugin was written against, e.g. `^1.0.0`. */
  sdkVersion: string;
  description: string;
  /**
   * Absolute path of the folder holding the built-in versions this plugin ships, as
   * `<instrument-key>@<version>.json` files. Usually `path.join(__dirname, 'versions')`.
   */
  versionsDir?: string;
  /** Extra definition rules, run after the common checks passed. */
  checkDefinition?(definition: InstrumentDefinition): Problem[];
  /** Extra answer checks, run after the common validation passed. */
  checkAnswers?(definition: InstrumentDefinition, answers: JsonObject): Problem[];
  /** Values derived at submission and stored beside the answers (e.g. scores per area). */
  derive?(definition: InstrumentDefinition, answers: JsonObject): JsonObject;
  /** Extra measures offered to aggregation (the fields of the definition are offered anyway). */
  measures?(definition: InstrumentDefinition): Measure[];
  /** The definition as non-admins see it; defaults to the definition itself. */
  publicView?(definition: InstrumentDefinition): InstrumentDefinition;
}

/** Walks every field of a definition, depth first, with its path of keys. */
export function* walkFields(
  fields: Field[],
  parents: string[] = [],
): Generator<{ field: Field; path: string[] }> {
  for (const field of fields) {
    const path = [...parents, field.key];
    yield { field, path };
    if (field.type === 'group' || field.type === 'repeat') yield* walkFields(field.fields, path);
  }
}

export type { Field, InstrumentDefinition, JsonObject, JsonValue };
