import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import {
  MICROOBS_FIXTURE_CHOICES,
  MICROOBS_REPORT,
  microobsReportResponses,
  type MicroobsResponse,
} from './microobs-report';
import { validateAnswers } from '@observatory/instruments';

const DEFINITION_FILE = path.join(
  __dirname,
  '../../../instruments/questionnaire/versions/microobs-mediators@1.0.0.json',
);
const definition = JSON.parse(fs.readFileSync(DEFINITION_FILE, 'utf8')) as InstrumentDefinition;

const responses = microobsReportResponses();
const complete = responses.filter((response) => response.status === 'COMPLETE');
const drafts = responses.filter((response) => response.status === 'DRAFT');

type Answers = MicroobsResponse['answers'];

/** Respondents per value of a single-valued field (absent answers are not counted). */
function countBy(sets: readonly Answers[], key: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answers of sets) {
    const value = answers[key];
    if (value === undefined || value === null) continue;
    const name = String(value);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** Respondents per option of a multiple choice. */
function countSelections(sets: readonly Answers[], key: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answers of sets) {
    const value = answers[key];
    if (!Array.isArray(value)) continue;
    for (const option of new Set(value.map(String))) counts[option] = (counts[option] ?? 0) + 1;
  }
  return counts;
}

function answersOf(list: readonly MicroobsResponse[]): Answers[] {
  return list.map((response) => response.answers);
}

describe('MicroOBS report fixture', () => {
  const sets = answersOf(complete);

  it('has 95 responses: 64 complete, 31 partial', () => {
    expect(responses).toHaveLength(MICROOBS_REPORT.responses);
    expect(responses).toHaveLength(95);
    expect(complete).toHaveLength(MICROOBS_REPORT.complete);
    expect(complete).toHaveLength(64);
    expect(drafts).toHaveLength(MICROOBS_REPORT.partial);
    expect(drafts).toHaveLength(31);
  });

  it('is deterministic and returns fresh copies', () => {
    const again = microobsReportResponses();
    expect(again).toEqual(responses);
    expect(again[0]?.answers).not.toBe(responses[0]?.answers);
  });

  it('validates every complete set in COMPLETE mode', () => {
    const problems = complete.map((response) =>
      validateAnswers(definition, response.answers, 'COMPLETE'),
    );
    expect(problems.filter((list) => list.length > 0)).toEqual([]);
  });

  it('validates every draft in DRAFT mode, and no draft is complete', () => {
    for (const response of drafts) {
      expect(validateAnswers(definition, response.answers, 'DRAFT')).toEqual([]);
      const missing = validateAnswers(definition, response.answers, 'COMPLETE');
      expect(missing.length).toBeGreaterThan(0);
      expect(missing.every((problem) => problem.code === 'REQUIRED')).toBe(true);
    }
  });

  it('reproduces the time spent on mediation', () => {
    expect(countBy(sets, 'mediationTime')).toEqual(MICROOBS_REPORT.mediationTime);
  });

  it('reproduces the posture, 7 complete responses leaving it unanswered', () => {
    expect(countBy(sets, 'posture')).toEqual(MICROOBS_REPORT.posture);
    expect(sets.filter((answers) => !('posture' in answers))).toHaveLength(
      MICROOBS_FIXTURE_CHOICES.postureUnanswered,
    );
  });

  it('reproduces the qualities, at least one per respondent', () => {
    expect(countSelections(sets, 'qualities')).toEqual(MICROOBS_REPORT.qualities);
    for (const answers of sets) {
      const qualities = answers.qualities;
      expect(Array.isArray(qualities) && qualities.length > 0).toBe(true);
    }
  });

  it('reproduces the diplomas, the other 15 using other options', () => {
    const diplomas = countBy(sets, 'diploma');
    for (const [value, count] of Object.entries(MICROOBS_REPORT.diploma)) {
      expect([value, diplomas[value]]).toEqual([value, count]);
    }
    expect(diplomas).toEqual({
      ...MICROOBS_REPORT.diploma,
      ...MICROOBS_FIXTURE_CHOICES.diplomaOther,
    });
    const reported = Object.values(MICROOBS_REPORT.diploma).reduce((sum, n) => sum + n, 0);
    expect(MICROOBS_REPORT.complete - reported).toBe(15);
  });

  it('reproduces the trainings, team work and gender', () => {
    const booleans = ['computingTraining', 'mediationTraining', 'teamWork'] as const;
    for (const key of booleans) {
      const counts = countBy(sets, key);
      expect([key, counts]).toEqual([
        key,
        {
          true: MICROOBS_REPORT[key].true,
          false: MICROOBS_REPORT.complete - MICROOBS_REPORT[key].true,
        },
      ]);
    }
    expect(MICROOBS_REPORT.teamWork.true / MICROOBS_REPORT.complete).toBeGreaterThan(0.7);
    expect(countBy(sets, 'gender')).toEqual(MICROOBS_REPORT.gender);
  });

  it('follows the choices made for what the report does not give', () => {
    expect(countBy(sets, 'ageBand')).toEqual(MICROOBS_FIXTURE_CHOICES.ageBand);
    expect(countBy(sets, 'seniority')).toEqual(MICROOBS_FIXTURE_CHOICES.seniority);
    expect(countBy(sets, 'contract')).toEqual(MICROOBS_FIXTURE_CHOICES.contract);
    const departements: Record<string, number> = {};
    for (const answers of sets) {
      const postcode = answers.postcode;
      expect(typeof postcode === 'string' && /^\d{5}$/.test(postcode)).toBe(true);
      const departement = String(postcode).slice(0, 2);
      departements[departement] = (departements[departement] ?? 0) + 1;
    }
    expect(departements).toEqual(MICROOBS_FIXTURE_CHOICES.departement);
    // No one under 26 with 3 years or more of mediation; independents are self-employed.
    for (const answers of sets) {
      if (answers.ageBand === 'under-26') {
        expect(['under-1-year', 'years-1-2']).toContain(answers.seniority);
      }
      if (answers.contract === 'independent') expect(answers.employerType).toBe('self-employed');
    }
  });

  it('answers the conditional free texts only where they are visible', () => {
    for (const answers of sets) {
      expect('mediationTrainingName' in answers).toBe(answers.mediationTraining === true);
      if (answers.mediationTime === 'full-time') expect('otherMissions' in answers).toBe(false);
    }
    expect(sets.filter((answers) => 'otherMissions' in answers).length).toBeGreaterThan(0);
  });

  it('does not count the drafts', () => {
    const all = answersOf(responses);
    expect(countBy(all, 'gender')).not.toEqual(MICROOBS_REPORT.gender);
    expect(countBy(all, 'mediationTime')).not.toEqual(MICROOBS_REPORT.mediationTime);
    const draftSets = answersOf(drafts);
    expect(countBy(draftSets, 'gender')).not.toEqual({});
    expect(countSelections(draftSets, 'qualities')).toEqual({});
    expect(countBy(draftSets, 'posture')).toEqual({});
  });
});
