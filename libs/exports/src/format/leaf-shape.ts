import type { ChoiceOption, Generalisation, PrivacyClass } from '@observatory/instrument-sdk';
import type { ColumnType, ExportCategory } from './export-types';

/** A field type that holds one value (groups, repeats and matrices are containers). */
export type LeafFieldType =
  | 'short-text'
  | 'long-text'
  | 'single-choice'
  | 'multiple-choice'
  | 'integer'
  | 'number'
  | 'date'
  | 'duration'
  | 'boolean'
  | 'scale';

export interface LeafSpec {
  type: LeafFieldType;
  privacy: PrivacyClass;
  generalisation?: Generalisation;
  options?: ChoiceOption[];
}

export interface LeafShape {
  type: ColumnType;
  categories?: ExportCategory[];
  /** Multiple choice: the stored array is written as one `|`-joined string. */
  multiple: boolean;
  /** French notes for the column description (encoding, generalisation). */
  notes: string[];
}

export const MULTIPLE_SEPARATOR = '|';

const BASE_TYPES: Record<LeafFieldType, ColumnType> = {
  'short-text': 'string',
  'long-text': 'string',
  'single-choice': 'string',
  'multiple-choice': 'string',
  integer: 'integer',
  number: 'number',
  date: 'date',
  // Durations are whole minutes and scales whole steps.
  duration: 'integer',
  scale: 'integer',
  boolean: 'boolean',
};

/**
 * What a leaf looks like once stored. Quasi-identifiers are generalised at submission, so the
 * column describes the generalised value (`2023-05`, `44`, a band label), not the question's type.
 */
export function leafShape(spec: LeafSpec): LeafShape {
  const multiple = spec.type === 'multiple-choice';
  const notes: string[] = [];
  if (multiple) {
    notes.push(
      `Choix multiple : valeurs sélectionnées jointes par « ${MULTIPLE_SEPARATOR} » (vide si aucune).`,
    );
  }
  if (spec.type === 'duration') notes.push('Durée en minutes.');
  const categories = spec.options?.map((option) => ({
    value: option.value,
    label: option.label.fr,
  }));
  const base: LeafShape = { type: BASE_TYPES[spec.type], categories, multiple, notes };
  if (spec.privacy !== 'quasi' || spec.generalisation === undefined) return base;
  return generalised(base, spec.type, spec.generalisation);
}

function generalised(base: LeafShape, type: LeafFieldType, rule: Generalisation): LeafShape {
  switch (rule.kind) {
    case 'as-is':
      return base;
    case 'band':
      // The stored value is the band's label, whatever the question's type.
      return {
        type: 'string',
        categories: rule.bands.map((band) => ({ value: band.label, label: band.label })),
        multiple: false,
        notes: [...base.notes, 'Quasi-identifiant généralisé en tranches.'],
      };
    case 'postcode-departement':
      return {
        type: 'string',
        multiple: false,
        notes: [
          ...base.notes,
          'Quasi-identifiant : code postal réduit au département (ex. 44, 2A, 974).',
        ],
      };
    case 'date-month':
      return {
        type: 'yearmonth',
        multiple: false,
        notes: [...base.notes, 'Quasi-identifiant : date réduite au mois (AAAA-MM).'],
      };
    case 'date-year':
      // Stored as the string `2023`; written as an integer year.
      return {
        type: 'integer',
        multiple: false,
        notes: [...base.notes, 'Quasi-identifiant : date réduite à l’année.'],
      };
    case 'round': {
      const wholeSteps = BASE_TYPES[type] === 'integer' && Number.isInteger(rule.step);
      return {
        ...base,
        type: wholeSteps ? 'integer' : 'number',
        notes: [...base.notes, `Quasi-identifiant arrondi au multiple inférieur de ${rule.step}.`],
      };
    }
    default:
      return base;
  }
}
