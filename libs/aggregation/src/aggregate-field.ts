/**
 * Where a field lives across the chosen versions, and how it can be aggregated. Pure: the SQL is
 * built from what this returns, never from the client's strings.
 */
import type { Field, InstrumentDefinition, Measure } from '@observatory/instrument-sdk';

export type AggregateKind = 'categorical' | 'multiple' | 'numeric';

export interface AggregateField {
  /** As asked: `diploma`, `beneficiaries.needs.ageBand`, `score.information-data`. */
  name: string;
  kind: AggregateKind;
  /** Where the value is read: the answers or the derived values. */
  source: 'answers' | 'derived';
  /** Key path of the enclosing repeat (one level), or empty at the top level. */
  repeatPath: string[];
  /** Key path inside the repeat item (or from the root when there is no repeat). */
  valuePath: string[];
  /** The field's type, for messages and for matching versions. */
  type: string;
  /** Allowed values (options) of categorical fields; undefined for numbers. */
  options?: string[];
  /** Declared bounds of a number (scale, integer, number, duration), when the definition has them. */
  bounds?: { min?: number; max?: number };
}

export type FieldResolution = { field: AggregateField } | { problem: string };

const CATEGORICAL = new Set(['single-choice', 'boolean']);
const NUMERIC = new Set(['integer', 'number', 'scale', 'duration']);

/** Resolves `name` in one definition (and its kind's measures). */
export function resolveField(
  definition: InstrumentDefinition,
  name: string,
  measures: Measure[] = [],
): FieldResolution {
  const measure = measures.find((m) => m.key === name);
  if (measure) {
    return {
      field: {
        name,
        kind: measure.type === 'numeric' ? 'numeric' : 'categorical',
        source: measure.source,
        repeatPath: [],
        valuePath: measure.path.split('.'),
        type: `measure:${measure.type}`,
      },
    };
  }
  const keys = name.split('.');
  let fields: Field[] = definition.fields;
  let repeatPath: string[] = [];
  let insidePath: string[] = [];
  for (const [index, key] of keys.entries()) {
    const field = fields.find((candidate) => candidate.key === key);
    if (!field)
      return { problem: `"${name}" is not a field of ${definition.key}@${definition.version}` };
    const last = index === keys.length - 1;
    if (!last) {
      if (field.type === 'repeat') {
        if (repeatPath.length)
          return { problem: `"${name}" is inside nested repeats, which cannot be aggregated` };
        repeatPath = [...insidePath, key];
        insidePath = [];
        fields = field.fields;
      } else if (field.type === 'group') {
        insidePath = [...insidePath, key];
        fields = field.fields;
      } else {
        return { problem: `"${name}": ${key} has no sub-fields` };
      }
      continue;
    }
    if (field.privacy === 'identifier') {
      return { problem: `"${name}" is an identifier field, which is never aggregated` };
    }
    const base = {
      name,
      source: 'answers' as const,
      repeatPath,
      valuePath: [...insidePath, key],
      type: field.type,
    };
    if (CATEGORICAL.has(field.type)) {
      const options =
        field.type === 'boolean'
          ? ['true', 'false']
          : 'options' in field
            ? field.options.map((o) => o.value)
            : [];
      return { field: { ...base, kind: 'categorical', options } };
    }
    if (field.type === 'multiple-choice')
      return { field: { ...base, kind: 'multiple', options: field.options.map((o) => o.value) } };
    if (NUMERIC.has(field.type)) {
      const bounds = 'min' in field || 'max' in field ? numericBounds(field) : undefined;
      return { field: { ...base, kind: 'numeric', ...(bounds ? { bounds } : {}) } };
    }
    return {
      problem: `"${name}" is a ${field.type} field, which cannot be aggregated (only choices, booleans and numbers)`,
    };
  }
  return { problem: `"${name}" is not a field` };
}

/**
 * Every field of one definition (and its kind's measures) that can be aggregated: choices,
 * booleans and numbers at any depth of groups, inside at most one repeat. Identifier fields and
 * anything under a nested repeat are left out.
 */
export function aggregatableFields(
  definition: InstrumentDefinition,
  measures: Measure[] = [],
): AggregateField[] {
  const names: string[] = [];
  const walk = (fields: Field[], prefix: string[], repeats: number): void => {
    for (const field of fields) {
      const path = [...prefix, field.key];
      if (field.type === 'group') walk(field.fields, path, repeats);
      else if (field.type === 'repeat') {
        if (repeats === 0) walk(field.fields, path, 1);
      } else names.push(path.join('.'));
    }
  };
  walk(definition.fields, [], 0);
  const resolved = [...names, ...measures.map((measure) => measure.key)].map((name) =>
    resolveField(definition, name, measures),
  );
  return resolved.flatMap((resolution) => ('field' in resolution ? [resolution.field] : []));
}

/**
 * A groupBy or filter dimension that is a field: a single choice or boolean of the answers, at the
 * top level or in the blocks being counted. (Context dimensions are checked by the caller.)
 */
export function resolveDimension(
  definitions: InstrumentDefinition[],
  name: string,
  field: AggregateField,
  measuresOf: (definition: InstrumentDefinition) => Measure[],
  contextNames: readonly string[],
): FieldResolution {
  const resolution = resolveAcrossVersions(definitions, name, measuresOf);
  if ('problem' in resolution) {
    return {
      problem: `${resolution.problem}; dimensions are ${contextNames.join(', ')} or a choice field`,
    };
  }
  const dimension = resolution.field;
  if (dimension.kind !== 'categorical' || dimension.source !== 'answers') {
    return {
      problem: `"${name}" cannot be a dimension: only single choices and booleans can group or filter`,
    };
  }
  const sameBlock = dimension.repeatPath.join('.') === field.repeatPath.join('.');
  if (dimension.repeatPath.length && !sameBlock) {
    return {
      problem: `"${name}" is inside ${dimension.repeatPath.join('.')}, not in the blocks being counted`,
    };
  }
  return { field: dimension };
}

/** A field an export of aggregates counts, with its labels (French, as the codebook). */
export interface CountableField {
  name: string;
  label: string;
  /** Option value → label. */
  optionLabels: Map<string, string>;
}

/**
 * The fields of a definition whose answers can be counted (choices and booleans, at any depth of
 * groups, inside a repeat too, and categorical measures), labelled: what an AGGREGATES export holds.
 */
export function countableFields(
  definition: InstrumentDefinition,
  measures: Measure[] = [],
): CountableField[] {
  return aggregatableFields(definition, measures)
    .filter((field) => field.kind !== 'numeric')
    .map((field) => {
      const measure = measures.find((m) => m.key === field.name);
      const found = measure ? undefined : fieldAt(definition.fields, field.name.split('.'));
      const options = found && 'options' in found ? found.options : [];
      return {
        name: field.name,
        label: measure?.label ?? found?.label.fr ?? field.name,
        optionLabels: new Map(options.map((option) => [option.value, option.label.fr])),
      };
    });
}

function fieldAt(fields: Field[], keys: string[]): Field | undefined {
  const [key, ...rest] = keys;
  const field = fields.find((candidate) => candidate.key === key);
  if (!field || rest.length === 0) return field;
  return field.type === 'group' || field.type === 'repeat'
    ? fieldAt(field.fields, rest)
    : undefined;
}

/**
 * Resolves `name` in every chosen version: the field aggregates across versions only when its
 * key, type and place are the same in all of them.
 */
export function resolveAcrossVersions(
  definitions: InstrumentDefinition[],
  name: string,
  measuresOf: (definition: InstrumentDefinition) => Measure[] = () => [],
): FieldResolution {
  const types = definitions.map((definition) => typeAt(definition.fields, name.split('.')));
  const firstType = types.find((type) => type !== undefined);
  const otherIndex = types.findIndex((type) => type !== undefined && type !== firstType);
  if (otherIndex >= 0) {
    return {
      problem: `"${name}" is a ${firstType} in ${definitions[types.indexOf(firstType)].version} but a ${types[otherIndex]} in ${definitions[otherIndex].version}: choose versions where it is the same`,
    };
  }
  let first: AggregateField | undefined;
  for (const definition of definitions) {
    const resolution = resolveField(definition, name, measuresOf(definition));
    if ('problem' in resolution) return resolution;
    const field = resolution.field;
    if (!first) {
      first = field;
      continue;
    }
    if (
      field.type !== first.type ||
      field.repeatPath.join('.') !== first.repeatPath.join('.') ||
      field.valuePath.join('.') !== first.valuePath.join('.')
    ) {
      return {
        problem: `"${name}" is a ${first.type} in ${definitions[0].version} but a ${field.type} in ${definition.version}: choose versions where it is the same`,
      };
    }
    if (first.options && field.options)
      first = { ...first, options: [...new Set([...first.options, ...field.options])] };
    if (first.kind === 'numeric') first = { ...first, bounds: widest(first.bounds, field.bounds) };
  }
  return first ? { field: first } : { problem: 'No version to aggregate' };
}

/** Bounds that hold in two versions: the widest, or none when either lacks one. */
function widest(
  a: AggregateField['bounds'],
  b: AggregateField['bounds'],
): AggregateField['bounds'] {
  const min = a?.min !== undefined && b?.min !== undefined ? Math.min(a.min, b.min) : undefined;
  const max = a?.max !== undefined && b?.max !== undefined ? Math.max(a.max, b.max) : undefined;
  if (min === undefined && max === undefined) return undefined;
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

function numericBounds(field: Field): { min?: number; max?: number } {
  const bounded = field as { min?: unknown; max?: unknown };
  return {
    ...(typeof bounded.min === 'number' ? { min: bounded.min } : {}),
    ...(typeof bounded.max === 'number' ? { max: bounded.max } : {}),
  };
}

function typeAt(fields: Field[], keys: string[]): string | undefined {
  const [key, ...rest] = keys;
  const field = fields.find((candidate) => candidate.key === key);
  if (!field) return undefined;
  if (rest.length === 0) return field.type;
  return field.type === 'group' || field.type === 'repeat' ? typeAt(field.fields, rest) : undefined;
}
