import * as path from 'node:path';
import { walkFields } from '@observatory/instrument-sdk';
import type {
  ChoiceField,
  InstrumentDefinition,
  InstrumentKindPlugin,
  JsonObject,
  JsonValue,
  Measure,
  Problem,
} from '@observatory/instrument-sdk';

/** A competence area declared in `settings.areas`; `label` is the French label. */
export interface SkillArea {
  key: string;
  label: string;
}

// Type aliases, not interfaces: they must be assignable to `JsonObject`.
export type AreaScore = { score: number; max: number };

/** What `derive` stores beside the answers of a skills test. */
export type SkillsTestScores = { scores: Record<string, AreaScore>; total: AreaScore };

/** Area keys end up in measure keys (`score.<area>`) and dotted paths: no dots, not `total`. */
const AREA_KEY = /^[a-z][a-zA-Z0-9_-]*$/;
const RESERVED_AREA_KEYS = new Set(['total']);
const DEFAULT_POINTS = 1;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function labelText(label: unknown): string | undefined {
  if (typeof label === 'string' && label.trim() !== '') return label;
  if (isRecord(label) && typeof label.fr === 'string' && label.fr.trim() !== '') return label.fr;
  return undefined;
}

/** Reads `settings.areas`, reporting every malformed entry. */
export function readAreas(definition: InstrumentDefinition): {
  areas: SkillArea[];
  problems: Problem[];
} {
  const raw: unknown = definition.settings?.areas;
  if (!Array.isArray(raw) || raw.length === 0) {
    return {
      areas: [],
      problems: [
        {
          path: 'settings.areas',
          code: 'AREAS_REQUIRED',
          message:
            'a skills test declares its competence areas: settings.areas must be a non-empty array of { key, label }',
        },
      ],
    };
  }
  const areas: SkillArea[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  raw.forEach((entry: unknown, i) => {
    const at = `settings.areas[${i}]`;
    if (!isRecord(entry)) {
      problems.push({ path: at, code: 'TYPE', message: 'an area is an object { key, label }' });
      return;
    }
    const { key } = entry;
    const label = labelText(entry.label);
    if (typeof key !== 'string' || !AREA_KEY.test(key) || RESERVED_AREA_KEYS.has(key)) {
      problems.push({
        path: `${at}.key`,
        code: 'INVALID_KEY',
        message: `an area key matches ${String(AREA_KEY)} and is not "total" (got ${JSON.stringify(key)})`,
      });
      return;
    }
    if (seen.has(key)) {
      problems.push({
        path: `${at}.key`,
        code: 'DUPLICATE_KEY',
        message: `area "${key}" is declared twice`,
      });
      return;
    }
    seen.add(key);
    if (label === undefined) {
      problems.push({
        path: `${at}.label`,
        code: 'REQUIRED',
        message: `area "${key}" needs a label: a non-empty string or { "fr": "…" }`,
      });
    }
    // Still declared, so that its items are not reported as scoring an unknown area.
    areas.push({ key, label: label ?? key });
  });
  return { areas, problems };
}

function checkScoring(field: ChoiceField, at: string, areaKeys: Set<string>): Problem[] {
  const scoring: unknown = field.scoring;
  if (!isRecord(scoring)) {
    return [
      {
        path: `${at}.scoring`,
        code: 'SCORING_REQUIRED',
        message: `item "${field.key}" needs scoring: { area, correct, points? }`,
      },
    ];
  }
  const problems: Problem[] = [];
  const { area, correct, points } = scoring;
  if (typeof area !== 'string' || !areaKeys.has(area)) {
    problems.push({
      path: `${at}.scoring.area`,
      code: 'UNKNOWN_AREA',
      message: `item "${field.key}" scores area ${JSON.stringify(area)}, which settings.areas does not declare (declared: ${[...areaKeys].join(', ') || 'none'})`,
    });
  }
  if (!Array.isArray(correct) || correct.length === 0) {
    problems.push({
      path: `${at}.scoring.correct`,
      code: 'REQUIRED',
      message: `item "${field.key}" needs a non-empty answer key (scoring.correct)`,
    });
  } else {
    const values = new Set(field.options.map((option) => option.value));
    correct.forEach((value: unknown, j) => {
      if (typeof value !== 'string' || !values.has(value)) {
        problems.push({
          path: `${at}.scoring.correct[${j}]`,
          code: 'UNKNOWN_OPTION',
          message: `item "${field.key}": the answer key ${JSON.stringify(value)} is not one of its option values`,
        });
      } else if (correct.indexOf(value) !== j) {
        problems.push({
          path: `${at}.scoring.correct[${j}]`,
          code: 'DUPLICATE_VALUE',
          message: `item "${field.key}": "${value}" appears twice in the answer key`,
        });
      }
    });
    if (field.type === 'multiple-choice') {
      const size = new Set(correct).size;
      if (
        (field.maxSelected !== undefined && size > field.maxSelected) ||
        (field.minSelected !== undefined && size < field.minSelected)
      ) {
        problems.push({
          path: `${at}.scoring.correct`,
          code: 'UNREACHABLE_ANSWER',
          message: `item "${field.key}": the answer key selects ${size} options, outside minSelected/maxSelected`,
        });
      }
    }
  }
  if (
    points !== undefined &&
    !(typeof points === 'number' && Number.isFinite(points) && points > 0)
  ) {
    problems.push({
      path: `${at}.scoring.points`,
      code: 'INVALID_POINTS',
      message: `item "${field.key}": points must be a positive number when set (got ${JSON.stringify(points)})`,
    });
  }
  return problems;
}

export function checkSkillsTest(definition: InstrumentDefinition): Problem[] {
  const problems: Problem[] = [];
  if (definition.anonymous !== true) {
    problems.push({
      path: 'anonymous',
      code: 'ANONYMOUS_REQUIRED',
      message: 'a skills test is unlinkable: set "anonymous": true',
    });
  }
  const { areas, problems: areaProblems } = readAreas(definition);
  problems.push(...areaProblems);
  const areaKeys = new Set(areas.map((area) => area.key));

  definition.fields.forEach((field, i) => {
    const at = `fields[${i}]`;
    if (field.type !== 'single-choice' && field.type !== 'multiple-choice') {
      problems.push({
        path: `${at}.type`,
        code: 'ITEM_TYPE',
        message: `item "${field.key}" is a ${field.type}: every item of a skills test is a single-choice or multiple-choice field`,
      });
      return;
    }
    problems.push(...checkScoring(field, at, areaKeys));
  });

  for (const { field, path: keys } of walkFields(definition.fields)) {
    if (field.privacy === 'identifier' || field.privacy === 'free-text') {
      problems.push({
        path: keys.join('.'),
        code: 'PRIVACY_FORBIDDEN',
        message: `field "${keys.join('.')}" has privacy "${field.privacy}": a skills test holds no identifier and no free text`,
      });
    }
  }
  return problems;
}

/** The items a score is computed from: top-level choice fields with a scoring. */
function scoredItems(definition: InstrumentDefinition): ChoiceField[] {
  return definition.fields.filter(
    (field): field is ChoiceField =>
      (field.type === 'single-choice' || field.type === 'multiple-choice') &&
      isRecord(field.scoring),
  );
}

function itemPoints(field: ChoiceField): number {
  const points = field.scoring?.points;
  return typeof points === 'number' && Number.isFinite(points) && points > 0
    ? points
    : DEFAULT_POINTS;
}

function isCorrect(field: ChoiceField, answer: JsonValue | undefined): boolean {
  const correct = field.scoring?.correct;
  if (!Array.isArray(correct)) return false;
  if (field.type === 'single-choice') {
    return typeof answer === 'string' && correct.includes(answer);
  }
  if (!Array.isArray(answer) || !answer.every((v): v is string => typeof v === 'string')) {
    return false;
  }
  const selected = new Set(answer);
  const expected = new Set(correct);
  return selected.size === expected.size && [...expected].every((value) => selected.has(value));
}

/**
 * Scores per area and in total. A single-choice item scores its points when the answer is one of
 * `correct`; a multiple-choice item scores when the selection equals the `correct` set. An item
 * left unanswered scores 0 but still counts in `max`.
 */
export function scoreSkillsTest(
  definition: InstrumentDefinition,
  answers: JsonObject,
): SkillsTestScores {
  const scores: Record<string, AreaScore> = {};
  for (const area of readAreas(definition).areas) scores[area.key] = { score: 0, max: 0 };
  const total: AreaScore = { score: 0, max: 0 };
  for (const field of scoredItems(definition)) {
    const area = String(field.scoring?.area);
    const points = itemPoints(field);
    const earned = isCorrect(field, answers[field.key]) ? points : 0;
    const areaScore = (scores[area] ??= { score: 0, max: 0 });
    areaScore.max += points;
    areaScore.score += earned;
    total.max += points;
    total.score += earned;
  }
  return { scores, total };
}

export function skillsTestMeasures(definition: InstrumentDefinition): Measure[] {
  const areas = readAreas(definition).areas;
  return [
    ...areas.map((area): Measure => ({
      key: `score.${area.key}`,
      label: `Score : ${area.label}`,
      type: 'numeric',
      source: 'derived',
      path: `scores.${area.key}.score`,
    })),
    {
      key: 'score.total',
      label: 'Score total',
      type: 'numeric',
      source: 'derived',
      path: 'total.score',
    },
  ];
}

/** A deep copy of `value` without any `correct` key, at any depth. */
function withoutAnswerKey(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAnswerKey);
  if (!isRecord(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'correct') copy[key] = withoutAnswerKey(child);
  }
  return copy;
}

/**
 * The definition as respondents and partners see it: a deep copy without the answer key. Every
 * `correct` key is dropped wherever it is (not only under `scoring`), so the key cannot leak through
 * a nested or misplaced scoring either. Areas and points stay, so a front-end can group the items.
 */
export function skillsTestPublicView(definition: InstrumentDefinition): InstrumentDefinition {
  return withoutAnswerKey(definition) as InstrumentDefinition;
}

const plugin: InstrumentKindPlugin = {
  kind: 'skills-test',
  version: '1.0.0',
  sdkVersion: '^1.0.0',
  description:
    'Anonymous digital-skills test: scored choice items grouped in competence areas, answer key kept private.',
  versionsDir: path.join(__dirname, 'versions'),
  checkDefinition: checkSkillsTest,
  derive: scoreSkillsTest,
  measures: skillsTestMeasures,
  publicView: skillsTestPublicView,
};

export default plugin;
