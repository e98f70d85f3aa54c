import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Field, InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import {
  assertNoProblems,
  checkVersions,
  loadPlugin,
  runHooks,
} from '@observatory/instrument-sdk/testing';
import { dureeTranche } from './activity-report';

// This folder, loaded the way INSTRUMENT_PLUGINS=<this folder> loads it (package.json "main").
const plugin = loadPlugin(path.join(__dirname, '..'));
const versions = checkVersions(plugin);
const cra = (): InstrumentDefinition => versions[0].definition!;

/** An individual activity, as `derive` receives it: date kept to the month, postcode to the département. */
const report: JsonObject = {
  type: 'individuel',
  date: '2024-03',
  duree: 45,
  type_lieu: 'lieu_activite',
  lieu_code_postal: '44',
  materiel: ['telephone'],
  thematiques: ['email', 'aide_aux_demarches_administratives'],
  thematiques_demarche_administrative: ['social_sante'],
  autonomie: 'partiellement_autonome',
  oriente_vers_structure: false,
  beneficiaires: [
    { genre: 'feminin', tranche_age: 'soixante_dix_plus', statut_social: 'retraite' },
  ],
  notes: 'Création de la boîte mail, envoi d’un premier message à [EMAIL].',
};

const codes = (problems: { path: string; code: string }[]): string[] =>
  problems.map((problem) => `${problem.path} ${problem.code}`);

test('ships the national CRA, accepted as the service will publish it', () => {
  const names = versions.map((version) => path.basename(version.file));
  assert.deepEqual(names, ['cra-mediation-numerique@1.0.0.json']);
  assertNoProblems(versions.flatMap((version) => version.problems));
});

test('uses the Coop’s snake_case values', () => {
  const values = (key: string): string[] => {
    const field = cra().fields.find((candidate) => candidate.key === key);
    return field?.type === 'single-choice' || field?.type === 'multiple-choice'
      ? field.options.map((option) => option.value)
      : [];
  };
  assert.deepEqual(values('type_lieu'), ['lieu_activite', 'domicile', 'a_distance', 'autre']);
  assert.deepEqual(values('materiel'), ['ordinateur', 'telephone', 'tablette', 'autre', 'aucun']);
  assert.equal(values('thematiques').length, 19);
  assert.equal(values('thematiques_demarche_administrative').length, 11);
  assert.deepEqual(values('autonomie'), [
    'entierement_accompagne',
    'partiellement_autonome',
    'autonome',
  ]);
});

test('keeps people to broad categories: no identifier, no text about them', () => {
  const people = cra().fields.find((field) => field.key === 'beneficiaires');
  assert.equal(people?.type, 'repeat');
  if (people?.type !== 'repeat') return;
  assert.deepEqual(
    people.fields.map((field) => `${field.key}:${field.type}:${field.privacy}`),
    [
      'genre:single-choice:quasi',
      'tranche_age:single-choice:quasi',
      'statut_social:single-choice:quasi',
    ],
  );
  const withName: Field = {
    key: 'nom',
    type: 'short-text',
    label: { fr: 'Nom' },
    privacy: 'identifier',
    maxLength: 80,
  };
  const fields = cra().fields.map((field) =>
    field.key === 'beneficiaires' && field.type === 'repeat'
      ? { ...field, fields: [...field.fields, withName] }
      : field,
  );
  assert.deepEqual(codes(plugin.checkDefinition!({ ...cra(), fields })).sort(), [
    'beneficiaires.nom BENEFICIAIRE_CATEGORIES_ONLY',
    'beneficiaires.nom IDENTIFIER_FORBIDDEN',
  ]);
});

test('needs a type and a duration to be counted', () => {
  const fields = cra().fields.filter((field) => field.key !== 'duree' && field.key !== 'type');
  assert.deepEqual(codes(plugin.checkDefinition!({ ...cra(), fields })), [
    'fields TYPE_REQUIRED',
    'fields DUREE_REQUIRED',
  ]);
});

test('runs its hooks within the SDK contract, with the duration band and the head count', () => {
  const run = runHooks(plugin, cra(), report);
  assertNoProblems(run.contract);
  assert.deepEqual(run.answerProblems, []);
  assert.deepEqual(run.derived, { duree_tranche: '30_min_1_h', nombre_beneficiaires: 1 });
  assert.deepEqual(
    run.measures.map((measure) => measure.key),
    ['duree.tranche', 'beneficiaires.nombre'],
  );
});

test('refuses an individual activity with two people, and "aucun" with equipment', () => {
  const run = runHooks(plugin, cra(), {
    ...report,
    materiel: ['aucun', 'telephone'],
    beneficiaires: [{ genre: 'feminin' }, { genre: 'masculin' }],
  });
  assert.deepEqual(codes(run.answerProblems), [
    'beneficiaires UN_BENEFICIAIRE',
    'materiel MATERIEL_AUCUN_EXCLUSIF',
  ]);
});

test('puts durations in the Coop’s bands', () => {
  const cases: [number, string][] = [
    [1, 'moins_30_min'],
    [29, 'moins_30_min'],
    [30, '30_min_1_h'],
    [59, '30_min_1_h'],
    [60, '1_h_2_h'],
    [119, '1_h_2_h'],
    [120, '2_h_et_plus'],
    [1440, '2_h_et_plus'],
  ];
  for (const [minutes, band] of cases) assert.equal(dureeTranche(minutes), band, `${minutes} min`);
});
