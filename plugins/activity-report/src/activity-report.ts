/**
 * The rules of an activity report (compte rendu d'activité, CRA) of digital mediators, after the
 * national CRA of the Coop de la médiation numérique: what every version must hold, what every
 * report must respect, and the values partners aggregate (duration bands, number of people).
 */
import {
  walkFields,
  type Field,
  type InstrumentDefinition,
  type JsonObject,
  type Measure,
  type Problem,
} from '@observatory/instrument-sdk';

/** The Coop's duration bands for statistics, in minutes: [min inclusive, max exclusive). */
export const DUREE_TRANCHES = [
  { value: 'moins_30_min', label: 'Moins de 30 min', max: 30 },
  { value: '30_min_1_h', label: '30 min à 1 h', max: 60 },
  { value: '1_h_2_h', label: '1 h à 2 h', max: 120 },
  { value: '2_h_et_plus', label: '2 h et plus', max: Infinity },
] as const;

export type DureeTranche = (typeof DUREE_TRANCHES)[number]['value'];

export function dureeTranche(minutes: number): DureeTranche {
  return DUREE_TRANCHES.find((tranche) => minutes < tranche.max)!.value;
}

const ACTIVITY_TYPES = ['individuel', 'collectif'];
const BENEFICIARY_TYPES = new Set<Field['type']>(['single-choice', 'multiple-choice']);

/**
 * Every version of an activity report:
 * - has a top-level `type` choice offering at least `individuel` and `collectif`, and a top-level
 *   `duree` duration (the statistics count activities by type and by duration band);
 * - holds no identifier field: a report describes an activity, not a person;
 * - describes the people accompanied (the fields inside a repeat) by choices among broad
 *   categories only, never by text, numbers or dates that could single someone out.
 */
export function checkActivityReport(definition: InstrumentDefinition): Problem[] {
  const problems: Problem[] = [];
  const type = definition.fields.find((field) => field.key === 'type');
  const values = type?.type === 'single-choice' ? type.options.map((o) => o.value) : [];
  if (!ACTIVITY_TYPES.every((value) => values.includes(value))) {
    problems.push({
      path: 'fields',
      code: 'TYPE_REQUIRED',
      message:
        'an activity report needs a top-level single-choice "type" offering "individuel" and "collectif"',
    });
  }
  if (!definition.fields.some((field) => field.key === 'duree' && field.type === 'duration')) {
    problems.push({
      path: 'fields',
      code: 'DUREE_REQUIRED',
      message:
        'an activity report needs a top-level "duree" field of type duration (minutes), used for the duration bands',
    });
  }
  for (const { field, path } of walkFields(definition.fields)) {
    if (field.privacy === 'identifier') {
      problems.push({
        path: path.join('.'),
        code: 'IDENTIFIER_FORBIDDEN',
        message: `"${path.join('.')}" is an identifier: an activity report describes an activity, not a person`,
      });
    }
    if (field.type !== 'repeat') continue;
    for (const { field: inner, path: innerPath } of walkFields(field.fields, path)) {
      if (inner.type !== 'group' && !BENEFICIARY_TYPES.has(inner.type)) {
        problems.push({
          path: innerPath.join('.'),
          code: 'BENEFICIAIRE_CATEGORIES_ONLY',
          message: `"${innerPath.join('.')}" is a ${inner.type} field: describe the people accompanied with choices among broad categories only`,
        });
      }
    }
  }
  return problems;
}

/**
 * Every report: an individual activity accompanies exactly one person; "aucun" (no equipment)
 * is not combined with equipment.
 */
export function checkActivityAnswers(
  _definition: InstrumentDefinition,
  answers: JsonObject,
): Problem[] {
  const problems: Problem[] = [];
  const people = answers.beneficiaires;
  if (answers.type === 'individuel' && Array.isArray(people) && people.length !== 1) {
    problems.push({
      path: 'beneficiaires',
      code: 'UN_BENEFICIAIRE',
      message: `an individual activity accompanies one person, not ${people.length}; record a workshop as "collectif"`,
    });
  }
  const materiel = answers.materiel;
  if (Array.isArray(materiel) && materiel.includes('aucun') && materiel.length > 1) {
    problems.push({
      path: 'materiel',
      code: 'MATERIEL_AUCUN_EXCLUSIF',
      message: '"aucun" (no equipment) cannot be combined with equipment',
    });
  }
  return problems;
}

/** The duration band and the number of people, stored beside the (anonymised) answers. */
export function deriveActivity(_definition: InstrumentDefinition, answers: JsonObject): JsonObject {
  const derived: JsonObject = {};
  const minutes = answers.duree;
  if (typeof minutes === 'number' && Number.isFinite(minutes) && minutes >= 0) {
    derived.duree_tranche = dureeTranche(minutes);
  }
  if (Array.isArray(answers.beneficiaires)) {
    derived.nombre_beneficiaires = answers.beneficiaires.length;
  }
  return derived;
}

/**
 * Offered to aggregation beside the fields (activities by type, place, theme and département are
 * the fields themselves): activities by duration band, and the number of people accompanied.
 */
export function activityMeasures(): Measure[] {
  return [
    {
      key: 'duree.tranche',
      label: 'Durée (tranches de la Coop)',
      type: 'count',
      source: 'derived',
      path: 'duree_tranche',
    },
    {
      key: 'beneficiaires.nombre',
      label: 'Nombre de personnes accompagnées',
      type: 'numeric',
      source: 'derived',
      path: 'nombre_beneficiaires',
    },
  ];
}
