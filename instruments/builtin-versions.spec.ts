/**
 * The five built-in instrument versions: file name, folder and content agree, the seed wording is
 * there word for word, the privacy rules hold, and the engine and each kind's plugin accept them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import {
  checkDefinition,
  INSTRUMENT_DEFINITION_SCHEMA,
  walkFields,
  type Field,
  type InstrumentDefinition,
  type InstrumentKindPlugin,
} from '@observatory/instrument-sdk';
import { assertNoProblems, checkVersions, loadPlugin } from '@observatory/instrument-sdk/testing';
import debriefPlugin from './debrief';
import observationGridPlugin from './observation-grid';
import questionnairePlugin from './questionnaire';
import skillsTestPlugin from './skills-test';

const PLUGINS: Record<string, InstrumentKindPlugin> = {
  'observation-grid': observationGridPlugin,
  debrief: debriefPlugin,
  questionnaire: questionnairePlugin,
  'skills-test': skillsTestPlugin,
};

const FILES = [
  'observation-grid/versions/techess-observation-day1@1.0.0.json',
  'observation-grid/versions/techess-observation-day2@1.0.0.json',
  'debrief/versions/techess-debrief@1.0.0.json',
  'questionnaire/versions/microobs-mediators@1.0.0.json',
  'skills-test/versions/techess-pic-test@1.0.0.json',
];

/** Word for word from seed 000 (StESS/TechESS protocol); table headers only de-capitalised. */
const SEED_WORDING: Record<string, string[]> = {
  'techess-observation-day1': [
    'Sa structure',
    'Son parcours professionnel',
    'Son environnement de travail',
    "Les profils et les besoins des personnes qu'il accueille",
    'Les situations observées sont',
    'En quoi cela vous interpelle ?',
    'En quoi ces pratiques sont similaires ou différentes des vôtres ?',
  ],
  'techess-observation-day2': [
    "Lieu et date de l'observation",
    "Durée de l'intervention.",
    "Objet ou thématique de l'intervention",
    'Autres informations',
    "L'intervention est-elle réalisée en présentiel ou en distanciel ?",
    'Des outils numériques sont-ils disponibles et/ou mobilisés par le professionnel ?',
    'Des outils numériques sont-ils disponibles et/ou mobilisés par le bénéficiaire ?',
    'Autres informations pertinentes',
    'Prise de note sur le bénéficiaire',
    'Recensement des besoins',
    'Quel est le profil de la personne accompagnée (âge, genre, résidence, personne isolée, etc.) ?',
    'Comment le bénéficiaire formule sa demande ?',
    'Comment le professionnel a répondu à la demande ?',
    'Le bénéficiaire a-t-il déjà été accompagné par des professionnels ?',
    "Le besoin d'accompagnement est-il au départ numérique ? Ou plus global ?",
    "Le besoin d'accompagnement concerne-t-il le quotidien ou d'autres enjeux (insertion professionnelle, démarche administrative) ?",
    'Autres éléments constatés (inattendus ou non)',
    'Recensement des savoir-faire',
    "Quelles sont les pratiques d'accueil mobilisées ? Comment favoriser la confiance ?",
    "Quelles sont les pratiques d'écoute/ d'approfondissement des besoins mobilisées ?",
    "Quelles sont les pratiques d'information et les types de solutions proposées ?",
    'Quelles sont les pratiques ou les ressources mises en œuvre pour mettre en capacité les bénéficiaires de réutiliser les ressources proposées ?',
    "Pour ces pratiques, les professionnels s'appuient-ils sur des dispositifs ou des acteurs de la médiation numérique du territoire ?",
    'Recensement et analyse des freins',
    'Quels sont les principaux freins constatés sur les différentes pratiques abordées ?',
    'Ces freins sont-ils liés à la spécificité des publics rencontrés ?',
    'Ces freins sont-ils liés à un enjeu de posture et/ou de compétence ?',
    "Ces freins sont-ils liés au manque de ressources et d'informations disponibles ?",
    'Ces freins sont-ils liés à des processus internes aux structures ?',
    'Échanges sur les situations inattendues',
  ],
  'techess-debrief': [
    "Qu'est-ce que j'ai appris au cours de la journée ?",
    'En quoi cela est différent ou semblable à mes pratiques ?',
    'Quelles sont les questions que je me pose après cette journée ?',
    'Retour du médiateur numérique',
    'Retour du professionnel',
  ],
};

const KEY = /^[a-z][a-zA-Z0-9]*$/;
const ROOT = __dirname;
/** The published schema, run by a plain ajv as an editor would run it. */
const schemaAccepts = new Ajv2020({ strict: false, allErrors: true }).compile(
  INSTRUMENT_DEFINITION_SCHEMA,
);

function load(file: string): InstrumentDefinition {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as InstrumentDefinition;
}

/** Every French label of a definition: fields, then matrix rows and columns. */
function labels(definition: InstrumentDefinition): string[] {
  const found: string[] = [];
  for (const { field } of walkFields(definition.fields)) {
    found.push(field.label.fr);
    if (field.type === 'matrix') {
      found.push(...field.rows.map((row) => row.label.fr), ...field.columns.map((c) => c.label.fr));
    }
  }
  return found;
}

function fieldAt(definition: InstrumentDefinition, dotted: string): Field | undefined {
  return [...walkFields(definition.fields)].find(({ path: keys }) => keys.join('.') === dotted)
    ?.field;
}

const definitions = FILES.map((file) => ({ file, definition: load(file) }));
const byKey = (key: string): InstrumentDefinition => {
  const found = definitions.find(({ definition }) => definition.key === key);
  if (found === undefined) throw new Error(`no built-in definition ${key}`);
  return found.definition;
};

describe('built-in instrument versions', () => {
  describe.each(definitions)('$file', ({ file, definition }) => {
    it('has the key, version and kind its file name and folder say', () => {
      const [kind, folder, name] = file.split('/');
      expect(folder).toBe('versions');
      expect(`${definition.key}@${definition.version}.json`).toBe(name);
      expect(definition.version).toBe('1.0.0');
      expect(definition.kind).toBe(kind);
      expect(definition.title.fr).not.toBe('');
      expect(definition.description?.fr).toBeTruthy();
      expect(definition.source).toMatch(/seed 00[02]_[0-9a-f]{16}\.txt/);
    });

    it('declares camelCase keys, unique among siblings, and a privacy class on every field', () => {
      const problems: string[] = [];
      const checkSiblings = (fields: Field[], at: string): void => {
        const keys = fields.map((field) => field.key);
        if (new Set(keys).size !== keys.length) problems.push(`${at}: duplicate keys`);
        for (const field of fields) {
          const where = at === '' ? field.key : `${at}.${field.key}`;
          if (!KEY.test(field.key)) problems.push(`${where}: key not camelCase`);
          if (field.privacy === 'quasi' && field.generalisation === undefined) {
            problems.push(`${where}: quasi without generalisation`);
          }
          if (field.privacy !== 'quasi' && field.generalisation !== undefined) {
            problems.push(`${where}: generalisation on a ${field.privacy} field`);
          }
          if (field.privacy === 'identifier') problems.push(`${where}: identifier field`);
          const isText = field.type === 'short-text' || field.type === 'long-text';
          // A text is scrubbed (free-text) or generalised (quasi, e.g. a postcode), never kept as is.
          if (isText && field.privacy === 'none') {
            problems.push(`${where}: text stored as is`);
          }
          if (field.type === 'group' || field.type === 'repeat') checkSiblings(field.fields, where);
        }
      };
      checkSiblings(definition.fields, '');
      expect(problems).toEqual([]);
    });

    it("passes its kind's own definition checks", () => {
      const plugin = PLUGINS[definition.kind];
      expect(plugin).toBeDefined();
      expect(plugin.checkDefinition?.(definition) ?? []).toEqual([]);
    });

    it('validates against the published JSON Schema, which its $schema names', () => {
      const valid = schemaAccepts(definition);
      expect(valid ? [] : schemaAccepts.errors).toEqual([]);
      const schemaFile = path.resolve(
        ROOT,
        path.dirname(file),
        (definition as { $schema?: string }).$schema ?? '',
      );
      expect(JSON.parse(fs.readFileSync(schemaFile, 'utf8'))).toEqual(INSTRUMENT_DEFINITION_SCHEMA);
    });

    it('passes the common definition check', () => {
      const result = checkDefinition(definition);
      expect(result.problems).toEqual([]);
      expect(result.definition).toBeDefined();
    });
  });

  it.each(Object.keys(PLUGINS))(
    '%s passes the SDK test kit, as an outside plugin would',
    (kind) => {
      const plugin = loadPlugin(path.join(ROOT, kind));
      const reports = checkVersions(plugin);
      expect(reports.length).toBeGreaterThan(0);
      assertNoProblems(reports.flatMap((report) => report.problems));
    },
  );

  it.each(Object.entries(SEED_WORDING))('%s keeps the seed wording word for word', (key, seed) => {
    const found = new Set(labels(byKey(key)));
    expect(seed.filter((text) => !found.has(text))).toEqual([]);
  });

  it('day 1: one block per observed situation', () => {
    const situations = fieldAt(byKey('techess-observation-day1'), 'situations');
    expect(situations).toMatchObject({ type: 'repeat', minItems: 1 });
  });

  it('day 2: one block per beneficiary, the request inside its needs, the date kept to the month', () => {
    const day2 = byKey('techess-observation-day2');
    expect(fieldAt(day2, 'beneficiaries')).toMatchObject({
      type: 'repeat',
      minItems: 1,
      maxItems: 20,
    });
    expect(fieldAt(day2, 'beneficiaries.needs.request')).toMatchObject({
      type: 'long-text',
      privacy: 'free-text',
    });
    expect(fieldAt(day2, 'context.placeAndDate.date')).toMatchObject({
      type: 'date',
      privacy: 'quasi',
      generalisation: { kind: 'date-month' },
    });
    expect(fieldAt(day2, 'context.duration')).toMatchObject({ type: 'duration' });
    expect(fieldAt(day2, 'unexpectedSituations')).toMatchObject({ type: 'long-text' });
    for (const key of ['knowHow', 'barriers']) {
      const group = fieldAt(day2, `beneficiaries.${key}`);
      expect(
        group?.type === 'group' && group.fields.filter((f) => f.type === 'long-text'),
      ).toHaveLength(5);
    }
  });

  it('debrief: one required matrix, three questions × mediator and professional', () => {
    const debrief = fieldAt(byKey('techess-debrief'), 'debrief');
    expect(debrief).toMatchObject({ type: 'matrix', required: true, privacy: 'free-text' });
    if (debrief?.type !== 'matrix') throw new Error('debrief is not a matrix');
    expect(debrief.rows.map((row) => row.key)).toEqual(['learned', 'comparison', 'questions']);
    expect(debrief.columns.map((column) => column.key)).toEqual(['mediator', 'professional']);
    expect(debrief.cell.type).toBe('long-text');
  });

  it('MicroOBS questionnaire: the report tables can be rebuilt from its options', () => {
    const questionnaire = byKey('microobs-mediators');
    const values = (key: string): string[] => {
      const field = fieldAt(questionnaire, key);
      return field?.type === 'single-choice' || field?.type === 'multiple-choice'
        ? field.options.map((option) => option.value)
        : [];
    };
    expect(values('mediationTime')).toEqual(['full-time', 'part-time', 'occasional']);
    expect(values('posture')).toEqual(['animator', 'expert']);
    expect(values('qualities')).toEqual(
      expect.arrayContaining([
        'listening',
        'adaptability',
        'empathy',
        'patience',
        'free-software',
        'rigour',
      ]),
    );
    expect(values('diploma')).toEqual(
      expect.arrayContaining(['cap-bep', 'bac', 'licence', 'master']),
    );
    expect(fieldAt(questionnaire, 'otherMissions')?.visibleIf).toEqual({
      field: 'mediationTime',
      notEquals: 'full-time',
    });
    expect(fieldAt(questionnaire, 'postcode')).toMatchObject({
      privacy: 'quasi',
      generalisation: { kind: 'postcode-departement' },
    });
  });

  it('skills test: anonymous, 20 scored items, 4 per CRCN area, no free text', () => {
    const test = byKey('techess-pic-test');
    expect(test.anonymous).toBe(true);
    const areas = (test.settings?.areas as { key: string }[]).map((area) => area.key);
    expect(areas).toHaveLength(5);
    expect(test.fields.map((field) => field.key)).toEqual(
      Array.from({ length: 20 }, (_, i) => `item${String(i + 1).padStart(2, '0')}`),
    );
    const perArea = new Map<string, number>();
    for (const field of test.fields) {
      if (field.type !== 'single-choice') throw new Error(`${field.key} is not a single choice`);
      expect(field).toMatchObject({ required: true, privacy: 'none' });
      expect(field.options.length).toBeGreaterThanOrEqual(3);
      expect(field.options.length).toBeLessThanOrEqual(4);
      expect(field.scoring?.correct).toHaveLength(1);
      expect(field.options.map((o) => o.value)).toContain(field.scoring?.correct[0]);
      const area = field.scoring?.area ?? '';
      perArea.set(area, (perArea.get(area) ?? 0) + 1);
    }
    expect(Object.fromEntries(perArea)).toEqual(Object.fromEntries(areas.map((a) => [a, 4])));
  });
});
