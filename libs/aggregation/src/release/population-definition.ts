/**
 * How a population was described: the restrictions that pick its respondents (campaigns,
 * versions, and every value set of a filter or a group, phases, branches and roles included),
 * in a canonical form. Two answers with the same description in the same release are about the
 * same respondents; the memory of answered populations (population-memory.service.ts) compares
 * every other pair by their sketches. Only a hash of the description is stored. Pure.
 */
import { createHash } from 'node:crypto';

export interface PopulationDefinition {
  instrumentKey: string;
  /** The campaigns in scope, sorted. */
  campaigns: string[];
  /** The versions in scope, sorted; null when every version is. */
  versions: string[] | null;
  /** Per dimension, the values kept (null: no answer), both sorted. */
  restrictions: [string, (string | null)[]][];
  /** The repeat whose blocks the block-level restrictions select (a respondent with one such block). */
  repeat: string | null;
}

export interface DefinitionInput {
  instrumentKey: string;
  campaigns: readonly string[];
  versions: readonly string[] | null;
  filters: readonly { dimension: string; values: readonly (string | null)[] }[];
  repeat?: string | null;
}

export function populationDefinition(input: DefinitionInput): PopulationDefinition {
  const restrictions = new Map<string, Set<string | null>>();
  for (const filter of input.filters) {
    const values = new Set(filter.values);
    const earlier = restrictions.get(filter.dimension);
    restrictions.set(
      filter.dimension,
      earlier ? new Set([...earlier].filter((value) => values.has(value))) : values,
    );
  }
  return {
    instrumentKey: input.instrumentKey,
    campaigns: [...new Set(input.campaigns)].sort(),
    versions: input.versions ? [...new Set(input.versions)].sort() : null,
    restrictions: [...restrictions]
      .map(([dimension, values]): [string, (string | null)[]] => [dimension, sortValues(values)])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    repeat: input.repeat ?? null,
  };
}

/** The description narrowed to one group of a grouped answer (each group value a restriction). */
export function groupDefinition(
  input: DefinitionInput,
  group: Record<string, string | null>,
): PopulationDefinition {
  return populationDefinition({
    ...input,
    filters: [
      ...input.filters,
      ...Object.entries(group).map(([dimension, value]) => ({ dimension, values: [value] })),
    ],
  });
}

/** What is stored of a description: a hash (SHA-256, hex). */
export function definitionHash(definition: PopulationDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex');
}

function sortValues(values: Set<string | null>): (string | null)[] {
  return [...values].sort((a, b) =>
    a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1,
  );
}
