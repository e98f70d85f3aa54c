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
    if (NUMERIC.has(field.type)) return { field: { ...base, kind: 'numeric' } };
    return {
      problem: `"${name}" is a ${field.type} field, which cannot be aggregated (only choices, booleans and numbers)`,
    };
  }
  return { problem: `"${name}" is not a field` };
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
  }
  return first ? { field: first } : { problem: 'No version to aggregate' };
}

function typeAt(fields: Field[], keys: string[]): string | undefined {
  const [key, ...rest] = keys;
  const field = fields.find((candidate) => candidate.key === key);
  if (!field) return undefined;
  if (rest.length === 0) return field.type;
  return field.type === 'group' || field.type === 'repeat' ? typeAt(field.fields, rest) : undefined;
}
