import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { buildExportLayout } from './export-layout';

const builtIn = (file: string): InstrumentDefinition =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../../instruments', file), 'utf8'),
  ) as InstrumentDefinition;

const day2 = builtIn('observation-grid/versions/techess-observation-day2@1.0.0.json');
const pic = builtIn('skills-test/versions/techess-pic-test@1.0.0.json');
const microobs = builtIn('questionnaire/versions/microobs-mediators@1.0.0.json');

const names = (columns: { name: string }[]) => columns.map((column) => column.name);

describe('buildExportLayout', () => {
  it('gives the day-2 grid a submissions table and a beneficiaries block table', () => {
    const layout = buildExportLayout([day2], { verbatims: false });
    expect(layout.tables.map((table) => table.name)).toEqual(['submissions', 'beneficiaries']);
    const [submissions, beneficiaries] = layout.tables;
    expect(names(submissions.columns).slice(0, 10)).toEqual([
      'submission_id',
      'instrument_version',
      'campaign',
      'phase',
      'respondent_role',
      'branch',
      'participant',
      'pair',
      'submitted_month',
      'context.placeAndDate.date',
    ]);
    expect(submissions.columns.find((c) => c.name === 'context.placeAndDate.date')).toMatchObject({
      type: 'yearmonth',
      quasi: true,
    });
    expect(names(submissions.columns)).not.toContain('context.topic');
    expect(submissions.primaryKey).toEqual(['submission_id']);
    // Block rows are not linked to their submission: no id, no position, no key.
    expect(beneficiaries).toMatchObject({ repeatPath: ['beneficiaries'], primaryKey: [] });
    expect(beneficiaries.foreignKey).toBeUndefined();
    expect(names(beneficiaries.columns)).toEqual([
      'needs.ageBand',
      'needs.gender',
      'needs.socialStatus',
      'needs.thematiques',
      'knowHow.localActorTypes',
    ]);
    expect(beneficiaries.columns[0].source).toEqual({ kind: 'answer', path: ['needs', 'ageBand'] });
    // Every answer but a verbatim is a key variable of disclosure control.
    expect(beneficiaries.columns.every((column) => column.quasi)).toBe(true);
  });

  it('adds the scrubbed verbatims only when asked', () => {
    const layout = buildExportLayout([day2], { verbatims: true });
    expect(names(layout.tables[0].columns)).toContain('context.topic');
    expect(names(layout.tables[1].columns)).toContain('needs.profile');
  });

  it('ends a skills test with its scores', () => {
    const columns = names(buildExportLayout([pic], { verbatims: false }).tables[0].columns);
    expect(columns.slice(-6)).toEqual([
      'score.information-data',
      'score.communication-collaboration',
      'score.content-creation',
      'score.protection-security',
      'score.digital-environment',
      'score.total',
    ]);
  });

  it('keeps the quasi-identifiers of a questionnaire, generalised, and makes every answer a key variable', () => {
    const columns = buildExportLayout([microobs], { verbatims: true }).tables[0].columns;
    expect(columns.find((c) => c.name === 'postcode')).toMatchObject({
      type: 'string',
      quasi: true,
    });
    expect(columns.filter((c) => !c.quasi).map((c) => c.name)).toEqual([
      'submission_id',
      'participant',
      'pair',
      'mediationTrainingName',
      'otherMissions',
      'jobEvolution',
      'comments',
    ]);
    expect(columns.find((c) => c.name === 'computingTraining')?.type).toBe('boolean');
    expect(columns.find((c) => c.name === 'qualities')?.source).toMatchObject({ multiple: true });
  });

  it('merges versions: one column per key path, a type change gets __v<major>', () => {
    const v2: InstrumentDefinition = {
      ...microobs,
      version: '2.0.0',
      fields: microobs.fields.map((field) =>
        field.key === 'teamWork'
          ? { key: 'teamWork', type: 'integer', label: { fr: 'Équipe' }, privacy: 'none' }
          : field,
      ),
    };
    const columns = buildExportLayout([microobs, v2], { verbatims: false }).tables[0].columns;
    expect(names(columns).filter((name) => name.startsWith('teamWork'))).toEqual([
      'teamWork',
      'teamWork__v2',
    ]);
    expect(
      columns.find((c) => c.name === 'instrument_version')?.categories?.map((c) => c.value),
    ).toEqual(['1.0.0', '2.0.0']);
  });

  it('renames an answer that would clash with a context column', () => {
    const definition: InstrumentDefinition = {
      key: 'clash',
      kind: 'questionnaire',
      version: '1.0.0',
      title: { fr: 'Collision' },
      fields: [
        { key: 'campaign', type: 'short-text', label: { fr: 'Campagne ?' }, privacy: 'none' },
      ],
    };
    const columns = buildExportLayout([definition], { verbatims: false }).tables[0].columns;
    expect(
      columns.filter((c) => c.name.startsWith('campaign')).map((c) => [c.name, c.source.kind]),
    ).toEqual([
      ['campaign', 'context'],
      ['campaign__answer', 'answer'],
    ]);
  });

  it('flattens only the first level of repeats', () => {
    const definition: InstrumentDefinition = {
      key: 'nested',
      kind: 'questionnaire',
      version: '1.0.0',
      title: { fr: 'Imbriqué' },
      fields: [
        {
          key: 'visits',
          type: 'repeat',
          label: { fr: 'Visites' },
          privacy: 'none',
          fields: [
            { key: 'length', type: 'duration', label: { fr: 'Durée' }, privacy: 'none' },
            {
              key: 'people',
              type: 'repeat',
              label: { fr: 'Personnes' },
              privacy: 'none',
              fields: [{ key: 'age', type: 'integer', label: { fr: 'Âge' }, privacy: 'none' }],
            },
          ],
        },
      ],
    };
    const layout = buildExportLayout([definition], { verbatims: false });
    expect(layout.tables.map((table) => table.name)).toEqual(['submissions', 'visits']);
    expect(names(layout.tables[1].columns)).toEqual(['length']);
  });

  it('gives no table to a repeat with no exported leaf', () => {
    const layout = buildExportLayout([day2], { verbatims: false });
    const day1 = builtIn('observation-grid/versions/techess-observation-day1@1.0.0.json');
    expect(layout.tables).toHaveLength(2);
    const definition: InstrumentDefinition = {
      ...day1,
      fields: day1.fields.map((field) =>
        field.type === 'repeat'
          ? { ...field, fields: field.fields.filter((f) => f.privacy === 'free-text') }
          : field,
      ),
    };
    expect(
      buildExportLayout([definition], { verbatims: false }).tables.map((table) => table.name),
    ).toEqual(['submissions']);
    expect(
      buildExportLayout([definition], { verbatims: true }).tables.map((table) => table.name),
    ).toEqual(['submissions', 'situations']);
  });
});
