import fc from 'fast-check';
import {
  checkDefinition,
  checkVersionBump,
  diffDefinitions,
  type ChangeLevel,
  type InstrumentDefinition,
} from '@observatory/instrument-sdk';
import { allFixtures, observationDay2, satisfactionQuestionnaire, skillsTest } from './fixtures';
import { at, clone, edited } from './test-helpers';

function next(base: InstrumentDefinition, edit: (copy: Record<string, unknown>) => void) {
  return edited(base, edit) as InstrumentDefinition;
}

type Case = [
  string,
  InstrumentDefinition,
  (copy: Record<string, unknown>) => void,
  ChangeLevel | 'none',
  string,
];

const cases: Case[] = [
  [
    'title wording',
    observationDay2,
    (d) => (at(d, 'title').fr = 'Nouveau titre'),
    'patch',
    'title',
  ],
  [
    'description added',
    satisfactionQuestionnaire,
    (d) => (at(d, 'description').en = 'To fill in'),
    'patch',
    'description',
  ],
  ['source', observationDay2, (d) => (d.source = 'Rapport 2025'), 'patch', 'source'],
  [
    'label',
    observationDay2,
    (d) => (at(d, 'fields', 4, 'fields', 1, 'fields', 1, 'label').fr = 'Demande'),
    'patch',
    'beneficiaries.needs.request.label',
  ],
  [
    'help added',
    observationDay2,
    (d) => (at(d, 'fields', 0).help = { fr: 'Aide' }),
    'patch',
    'sessionDate.help',
  ],
  [
    'option label',
    observationDay2,
    (d) => (at(d, 'fields', 1, 'options', 0, 'label').fr = 'Présentiel'),
    'patch',
    'mode.options.onsite.label',
  ],
  ['field order', observationDay2, (d) => (d.fields as unknown[]).reverse(), 'patch', 'fields'],
  [
    'matrix row label',
    observationDay2,
    (d) => (at(d, 'fields', 5, 'rows', 0, 'label').fr = 'Appris'),
    'patch',
    'debrief.rows.learned.label',
  ],
  [
    'option added',
    observationDay2,
    (d) =>
      (at(d, 'fields', 1).options as unknown[]).push({ value: 'hybrid', label: { fr: 'Hybride' } }),
    'minor',
    'mode.options.hybrid',
  ],
  [
    'optional field added',
    observationDay2,
    (d) =>
      (d.fields as unknown[]).push({
        key: 'weather',
        type: 'short-text',
        label: { fr: 'Météo' },
        privacy: 'none',
      }),
    'minor',
    'weather',
  ],
  [
    'nested optional field added',
    observationDay2,
    (d) =>
      (at(d, 'fields', 4, 'fields', 1).fields as unknown[]).push({
        key: 'note',
        type: 'short-text',
        label: { fr: 'Note' },
        privacy: 'free-text',
      }),
    'minor',
    'beneficiaries.needs.note',
  ],
  [
    'max loosened',
    observationDay2,
    (d) => (at(d, 'fields', 3).max = 600),
    'minor',
    'durationMinutes.max',
  ],
  [
    'max removed',
    observationDay2,
    (d) => delete at(d, 'fields', 3).max,
    'minor',
    'durationMinutes.max',
  ],
  [
    'min lowered',
    observationDay2,
    (d) => (at(d, 'fields', 0).min = '2023-01-01'),
    'minor',
    'sessionDate.min',
  ],
  [
    'made optional',
    observationDay2,
    (d) => delete at(d, 'fields', 0).required,
    'minor',
    'sessionDate.required',
  ],
  [
    'maxLength raised',
    observationDay2,
    (d) => (at(d, 'fields', 2).maxLength = 200),
    'minor',
    'remoteTool.maxLength',
  ],
  ['all roles listed = no roles', observationDay2, (d) => delete d.respondentRoles, 'none', ''],
  [
    'roles restricted from anyone',
    satisfactionQuestionnaire,
    (d) => (d.respondentRoles = ['MEDIATOR']),
    'major',
    'respondentRoles',
  ],
  [
    'optional matrix column added',
    skillsTest,
    (d) =>
      (at(d, 'fields', 4).columns as unknown[]).push({ key: 'later', label: { fr: 'Plus tard' } }),
    'minor',
    'confidence.columns.later',
  ],
  [
    'field removed',
    observationDay2,
    (d) => (d.fields as unknown[]).splice(3, 1),
    'major',
    'durationMinutes',
  ],
  [
    'field retyped',
    observationDay2,
    (d) => (at(d, 'fields', 3).type = 'integer'),
    'major',
    'durationMinutes',
  ],
  [
    'made required',
    observationDay2,
    (d) => (at(d, 'fields', 3).required = true),
    'major',
    'durationMinutes.required',
  ],
  [
    'required field added',
    observationDay2,
    (d) =>
      (d.fields as unknown[]).push({
        key: 'weather',
        type: 'boolean',
        label: { fr: 'Météo' },
        required: true,
        privacy: 'none',
      }),
    'major',
    'weather',
  ],
  [
    'group with required child added',
    observationDay2,
    (d) =>
      (d.fields as unknown[]).push({
        key: 'place',
        type: 'group',
        label: { fr: 'Lieu' },
        privacy: 'none',
        fields: [
          {
            key: 'city',
            type: 'short-text',
            required: true,
            label: { fr: 'Ville' },
            privacy: 'quasi',
            generalisation: { kind: 'as-is' },
          },
        ],
      }),
    'major',
    'place',
  ],
  [
    'option removed',
    observationDay2,
    (d) => (at(d, 'fields', 4, 'fields', 1, 'fields', 0).options as unknown[]).splice(0, 1),
    'major',
    'beneficiaries.needs.topic.options.admin',
  ],
  [
    'max tightened',
    observationDay2,
    (d) => (at(d, 'fields', 3).max = 240),
    'major',
    'durationMinutes.max',
  ],
  [
    'min added',
    observationDay2,
    (d) => (at(d, 'fields', 3).min = 5),
    'major',
    'durationMinutes.min',
  ],
  [
    'maxItems tightened',
    observationDay2,
    (d) => (at(d, 'fields', 4).maxItems = 5),
    'major',
    'beneficiaries.maxItems',
  ],
  [
    'maxLength tightened below default',
    satisfactionQuestionnaire,
    (d) => (at(d, 'fields', 3).maxLength = 500),
    'major',
    'dissatisfaction.maxLength',
  ],
  [
    'minSelected raised',
    satisfactionQuestionnaire,
    (d) => (at(d, 'fields', 4).minSelected = 2),
    'major',
    'topics.minSelected',
  ],
  [
    'privacy changed',
    observationDay2,
    (d) => (at(d, 'fields', 2).privacy = 'free-text'),
    'major',
    'remoteTool.privacy',
  ],
  [
    'generalisation changed',
    observationDay2,
    (d) => (at(d, 'fields', 0, 'generalisation').kind = 'date-year'),
    'major',
    'sessionDate.generalisation',
  ],
  ['anonymous changed', observationDay2, (d) => (d.anonymous = true), 'major', 'anonymous'],
  [
    'condition changed',
    observationDay2,
    (d) => (at(d, 'fields', 2, 'visibleIf').equals = 'onsite'),
    'major',
    'remoteTool.visibleIf',
  ],
  [
    'answer key changed',
    skillsTest,
    (d) => (at(d, 'fields', 1, 'scoring').correct = ['http']),
    'major',
    'q1.scoring',
  ],
  [
    'roles restricted',
    observationDay2,
    (d) => (d.respondentRoles = ['MEDIATOR']),
    'major',
    'respondentRoles',
  ],
  [
    'required matrix row added',
    observationDay2,
    (d) => (at(d, 'fields', 5).rows as unknown[]).push({ key: 'next', label: { fr: 'Ensuite' } }),
    'major',
    'debrief.rows.next',
  ],
  [
    'matrix cell retyped',
    observationDay2,
    (d) => (at(d, 'fields', 5).cell = { type: 'short-text' }),
    'major',
    'debrief.cell',
  ],
  ['settings changed', skillsTest, (d) => (d.settings = { areas: [] }), 'major', 'settings'],
];

describe('diffDefinitions', () => {
  it.each(Object.entries(allFixtures))(
    'finds nothing between %s and itself',
    (_name, definition) => {
      expect(diffDefinitions(definition, clone(definition))).toEqual({
        changes: [],
        required: 'none',
      });
    },
  );

  it('ignores the version itself and property order', () => {
    const reordered = next(observationDay2, (d) => {
      d.version = '9.9.9';
      const field = at(d, 'fields', 0);
      const { key, ...rest } = field;
      for (const name of Object.keys(field)) delete field[name];
      Object.assign(field, rest, { key });
    });
    expect(diffDefinitions(observationDay2, reordered).required).toBe('none');
  });

  it.each(cases)('%s', (_name, base, edit, level, path) => {
    const changed = next(base, edit);
    expect(checkDefinition(changed).problems).toEqual([]);
    const diff = diffDefinitions(base, changed);
    expect(diff.required).toBe(level);
    if (path !== '') expect(diff.changes).toContainEqual(expect.objectContaining({ path, level }));
  });

  it('keeps the highest level across several changes', () => {
    const changed = next(observationDay2, (d) => {
      at(d, 'title').fr = 'Autre';
      (at(d, 'fields', 1).options as unknown[]).push({ value: 'hybrid', label: { fr: 'Hybride' } });
      (d.fields as unknown[]).splice(3, 1);
    });
    const diff = diffDefinitions(observationDay2, changed);
    expect(diff.required).toBe('major');
    expect(diff.changes.map((c) => c.level).sort()).toEqual(['major', 'minor', 'patch']);
  });

  it('required is the maximum of the change levels (property)', () => {
    const rank = { none: 0, patch: 1, minor: 2, major: 3 };
    fc.assert(
      fc.property(fc.subarray(cases, { minLength: 0, maxLength: 4 }), (picked) => {
        // Edits address fields by index, so those that move fields are left out of combinations.
        const sameBase = picked.filter(
          ([name, base]) =>
            base === observationDay2 && !['field order', 'field removed'].includes(name),
        );
        const changed = next(observationDay2, (d) => sameBase.forEach(([, , edit]) => edit(d)));
        const diff = diffDefinitions(observationDay2, changed);
        const highest = diff.changes.reduce((max, c) => Math.max(max, rank[c.level]), 0);
        expect(rank[diff.required]).toBe(highest);
        // Going back is never "none" when going forth was not.
        expect(diffDefinitions(changed, observationDay2).required === 'none').toBe(
          diff.required === 'none',
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('checkVersionBump', () => {
  const withVersion = (
    base: InstrumentDefinition,
    version: string,
    edit?: (d: Record<string, unknown>) => void,
  ) =>
    next(base, (d) => {
      d.version = version;
      edit?.(d);
    });
  const removeField = (d: Record<string, unknown>) => (d.fields as unknown[]).splice(3, 1);
  const addOption = (d: Record<string, unknown>) =>
    (at(d, 'fields', 1).options as unknown[]).push({ value: 'hybrid', label: { fr: 'Hybride' } });
  const reword = (d: Record<string, unknown>) => (at(d, 'title').fr = 'Autre');

  it.each<[string, string, ((d: Record<string, unknown>) => void) | undefined, string[]]>([
    ['same version', '1.0.0', reword, ['VERSION_NOT_GREATER']],
    ['lower version', '0.9.0', undefined, ['VERSION_NOT_GREATER']],
    ['patch for wording', '1.0.1', reword, []],
    ['patch for an added option', '1.0.1', addOption, ['BUMP_TOO_SMALL']],
    ['minor for an added option', '1.1.0', addOption, []],
    ['minor for a removed field', '1.1.0', removeField, ['BUMP_TOO_SMALL']],
    ['major for a removed field', '2.0.0', removeField, []],
    ['major for wording (larger than needed is fine)', '2.0.0', reword, []],
    ['patch with no change', '1.0.1', undefined, []],
    ['not semver', 'v2', undefined, ['INVALID_VERSION']],
  ])('%s', (_name, version, edit, codes) => {
    const problems = checkVersionBump(observationDay2, withVersion(observationDay2, version, edit));
    expect(problems.map((p) => p.code)).toEqual(codes);
    for (const problem of problems) expect(problem.path).toBe('version');
  });

  it('explains which changes need the bump', () => {
    const [problem] = checkVersionBump(
      observationDay2,
      withVersion(observationDay2, '1.1.0', removeField),
    );
    expect(problem.message).toContain('major');
    expect(problem.message).toContain('2.0.0');
    expect(problem.message).toContain('durationMinutes: field removed');
  });
});
