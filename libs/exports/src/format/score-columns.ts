import type { InstrumentDefinition, JsonValue } from '@observatory/instrument-sdk';
import type { ExportColumn } from './export-types';

interface Area {
  key: string;
  label: string;
}

/**
 * Skills tests store their scores in `derived` (`{ scores: { area: { score, max } }, total }`):
 * one column per area (`score.<area>`) and `score.total`. Other kinds get none.
 */
export function scoreColumns(definition: InstrumentDefinition): ExportColumn[] {
  if (definition.kind !== 'skills-test') return [];
  const areas = readAreas(definition.settings?.areas);
  if (areas.length === 0) return [];
  // Points are whole by default; a fractional `points` anywhere makes scores decimal.
  const type = fractionalPoints(definition) ? 'number' : 'integer';
  return [
    ...areas.map((area): ExportColumn => ({
      name: `score.${area.key}`,
      title: `Score : ${area.label}`,
      type,
      description: 'Points obtenus dans ce domaine, calculés à la soumission.',
      quasi: true,
      source: { kind: 'derived', path: ['scores', area.key, 'score'] },
    })),
    {
      name: 'score.total',
      title: 'Score total',
      type,
      description: 'Somme des points de tous les domaines, calculée à la soumission.',
      quasi: true,
      source: { kind: 'derived', path: ['total', 'score'] },
    },
  ];
}

function readAreas(value: JsonValue | undefined): Area[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): Area[] =>
    item !== null &&
    typeof item === 'object' &&
    !Array.isArray(item) &&
    typeof item.key === 'string' &&
    typeof item.label === 'string'
      ? [{ key: item.key, label: item.label }]
      : [],
  );
}

function fractionalPoints(definition: InstrumentDefinition): boolean {
  return definition.fields.some(
    (field) =>
      (field.type === 'single-choice' || field.type === 'multiple-choice') &&
      field.scoring?.points !== undefined &&
      !Number.isInteger(field.scoring.points),
  );
}
