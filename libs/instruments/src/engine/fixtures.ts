/**
 * Small, realistic definitions shared by the engine specs. They pass `checkDefinition` (a spec
 * asserts it), so any spec may rely on them being valid.
 */
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';

/** Day-2 observation grid: a repeat of beneficiaries with a nested group, and a debrief matrix. */
export const observationDay2: InstrumentDefinition = {
  key: 'techess-observation-day2',
  kind: 'observation-grid',
  version: '1.0.0',
  title: { fr: 'Grille d’observation — jour 2', en: 'Observation grid — day 2' },
  source: 'TECHESS seed document, annex 3',
  respondentRoles: ['MEDIATOR', 'PROFESSIONAL'],
  fields: [
    {
      key: 'sessionDate',
      type: 'date',
      label: { fr: 'Date de la séance' },
      required: true,
      min: '2024-01-01',
      privacy: 'quasi',
      generalisation: { kind: 'date-month' },
    },
    {
      key: 'mode',
      type: 'single-choice',
      label: { fr: 'Modalité' },
      required: true,
      privacy: 'none',
      options: [
        { value: 'onsite', label: { fr: 'Sur place' } },
        { value: 'remote', label: { fr: 'À distance' } },
      ],
    },
    {
      key: 'remoteTool',
      type: 'short-text',
      label: { fr: 'Outil utilisé à distance' },
      required: true,
      maxLength: 80,
      privacy: 'none',
      visibleIf: { field: 'mode', equals: 'remote' },
    },
    {
      key: 'durationMinutes',
      type: 'duration',
      label: { fr: 'Durée (minutes)' },
      max: 480,
      privacy: 'none',
    },
    {
      key: 'beneficiaries',
      type: 'repeat',
      label: { fr: 'Personnes accompagnées' },
      itemLabel: { fr: 'Personne' },
      required: true,
      minItems: 1,
      maxItems: 12,
      privacy: 'none',
      fields: [
        {
          key: 'age',
          type: 'integer',
          label: { fr: 'Âge' },
          min: 0,
          max: 120,
          privacy: 'quasi',
          generalisation: {
            kind: 'band',
            bands: [
              { max: 25, label: '0-25' },
              { min: 26, max: 59, label: '26-59' },
              { min: 60, label: '60+' },
            ],
          },
        },
        {
          key: 'needs',
          type: 'group',
          label: { fr: 'Besoins' },
          privacy: 'none',
          fields: [
            {
              key: 'topic',
              type: 'single-choice',
              label: { fr: 'Thème' },
              required: true,
              privacy: 'none',
              options: [
                { value: 'admin', label: { fr: 'Démarches administratives' } },
                { value: 'device', label: { fr: 'Prise en main de l’appareil' } },
                { value: 'other', label: { fr: 'Autre' } },
              ],
            },
            {
              key: 'request',
              type: 'long-text',
              label: { fr: 'Demande exprimée' },
              required: true,
              maxLength: 2000,
              privacy: 'free-text',
            },
            {
              key: 'otherTopic',
              type: 'short-text',
              label: { fr: 'Autre thème, précisez' },
              privacy: 'free-text',
              visibleIf: { field: 'topic', equals: 'other' },
            },
          ],
        },
        {
          key: 'followUp',
          type: 'boolean',
          label: { fr: 'Suivi prévu' },
          privacy: 'none',
        },
        {
          key: 'followUpDate',
          type: 'date',
          label: { fr: 'Date du suivi' },
          required: true,
          privacy: 'none',
          visibleIf: { field: 'followUp', equals: true },
        },
      ],
    },
    {
      key: 'debrief',
      type: 'matrix',
      label: { fr: 'Débriefing' },
      required: true,
      privacy: 'free-text',
      rows: [
        { key: 'learned', label: { fr: 'Ce que j’ai appris' } },
        { key: 'different', label: { fr: 'Ce que je ferais autrement' } },
        { key: 'questions', label: { fr: 'Questions restantes' } },
      ],
      columns: [
        { key: 'mediator', label: { fr: 'Médiateur' } },
        { key: 'professional', label: { fr: 'Professionnel' } },
      ],
      cell: { type: 'long-text', maxLength: 1000 },
    },
  ],
};

/** Anonymous satisfaction questionnaire with quasi-identifiers and a multiple choice. */
export const satisfactionQuestionnaire: InstrumentDefinition = {
  key: 'satisfaction-questionnaire',
  kind: 'questionnaire',
  version: '2.1.0',
  title: { fr: 'Questionnaire de satisfaction' },
  description: { fr: 'À remplir en fin d’accompagnement.' },
  anonymous: true,
  fields: [
    {
      key: 'age',
      type: 'integer',
      label: { fr: 'Votre âge' },
      required: true,
      min: 15,
      max: 110,
      unit: { fr: 'ans' },
      privacy: 'quasi',
      generalisation: {
        kind: 'band',
        bands: [
          { max: 29, label: '15-29' },
          { min: 30, max: 59, label: '30-59' },
          { min: 60, label: '60+' },
        ],
      },
    },
    {
      key: 'postcode',
      type: 'short-text',
      label: { fr: 'Code postal' },
      maxLength: 5,
      privacy: 'quasi',
      generalisation: { kind: 'postcode-departement' },
    },
    {
      key: 'satisfaction',
      type: 'scale',
      label: { fr: 'Satisfaction globale' },
      required: true,
      min: 1,
      max: 5,
      minLabel: { fr: 'Pas du tout satisfait' },
      maxLabel: { fr: 'Très satisfait' },
      privacy: 'none',
    },
    {
      key: 'dissatisfaction',
      type: 'long-text',
      label: { fr: 'Qu’est-ce qui n’a pas fonctionné ?' },
      required: true,
      privacy: 'free-text',
      visibleIf: { field: 'satisfaction', in: [1, 2] },
    },
    {
      key: 'topics',
      type: 'multiple-choice',
      label: { fr: 'Sujets abordés' },
      minSelected: 1,
      maxSelected: 3,
      privacy: 'none',
      options: [
        { value: 'email', label: { fr: 'Courriel' } },
        { value: 'health', label: { fr: 'Santé en ligne' } },
        { value: 'jobs', label: { fr: 'Recherche d’emploi' } },
        { value: 'security', label: { fr: 'Sécurité' } },
      ],
    },
    {
      key: 'securityDetail',
      type: 'short-text',
      label: { fr: 'Quel aspect de la sécurité ?' },
      privacy: 'free-text',
      visibleIf: { field: 'topics', includes: 'security' },
    },
    {
      key: 'weeklyHours',
      type: 'number',
      label: { fr: 'Heures en ligne par semaine' },
      min: 0,
      max: 168,
      privacy: 'none',
    },
    {
      key: 'recommend',
      type: 'boolean',
      label: { fr: 'Recommanderiez-vous ?' },
      privacy: 'none',
    },
  ],
};

/** Skills test: choice items with an answer key, a group with a dotted-path condition. */
export const skillsTest: InstrumentDefinition = {
  key: 'digital-skills-test',
  kind: 'skills-test',
  version: '1.2.3',
  title: { fr: 'Test de compétences numériques' },
  settings: { areas: ['information-data', 'communication'] },
  fields: [
    {
      key: 'context',
      type: 'group',
      label: { fr: 'Contexte' },
      privacy: 'none',
      fields: [
        {
          key: 'device',
          type: 'single-choice',
          label: { fr: 'Appareil' },
          required: true,
          privacy: 'none',
          options: [
            { value: 'phone', label: { fr: 'Téléphone' } },
            { value: 'computer', label: { fr: 'Ordinateur' } },
          ],
        },
        {
          key: 'birthDate',
          type: 'date',
          label: { fr: 'Date de naissance' },
          max: '2015-12-31',
          privacy: 'quasi',
          generalisation: { kind: 'date-year' },
        },
      ],
    },
    {
      key: 'q1',
      type: 'single-choice',
      label: { fr: 'Quelle adresse est un lien sécurisé ?' },
      required: true,
      privacy: 'none',
      options: [
        { value: 'http', label: { fr: 'http://banque.fr' } },
        { value: 'https', label: { fr: 'https://banque.fr' } },
      ],
      scoring: { area: 'information-data', correct: ['https'], points: 1 },
    },
    {
      key: 'q2',
      type: 'multiple-choice',
      label: { fr: 'Lesquels sont des navigateurs ?' },
      required: true,
      privacy: 'none',
      options: [
        { value: 'firefox', label: { fr: 'Firefox' } },
        { value: 'word', label: { fr: 'Word' } },
        { value: 'chrome', label: { fr: 'Chrome' } },
      ],
      scoring: { area: 'information-data', correct: ['firefox', 'chrome'] },
    },
    {
      key: 'phoneTip',
      type: 'long-text',
      label: { fr: 'Une astuce sur téléphone ?' },
      privacy: 'free-text',
      visibleIf: {
        all: [
          { field: 'context.device', equals: 'phone' },
          { not: { field: 'q1', answered: false } },
        ],
      },
    },
    {
      key: 'confidence',
      type: 'matrix',
      label: { fr: 'Aisance' },
      privacy: 'none',
      rows: [
        { key: 'email', label: { fr: 'Courriel' } },
        { key: 'forms', label: { fr: 'Formulaires en ligne' } },
      ],
      columns: [
        { key: 'before', label: { fr: 'Avant' } },
        { key: 'after', label: { fr: 'Après' } },
      ],
      cell: { type: 'scale', min: 1, max: 4 },
    },
    {
      key: 'preferred',
      type: 'matrix',
      label: { fr: 'Canal préféré' },
      privacy: 'none',
      rows: [{ key: 'help', label: { fr: 'Pour demander de l’aide' } }],
      columns: [{ key: 'now', label: { fr: 'Aujourd’hui' } }],
      cell: {
        type: 'single-choice',
        options: [
          { value: 'phone', label: { fr: 'Téléphone' } },
          { value: 'visit', label: { fr: 'Visite' } },
        ],
      },
    },
  ],
};

/** A definition whose conditions reach an enclosing scope (not expressible in JSON Schema). */
export const outerScopeConditions: InstrumentDefinition = {
  key: 'workshop-log',
  kind: 'observation-grid',
  version: '0.3.0',
  title: { fr: 'Journal d’atelier' },
  fields: [
    {
      key: 'collective',
      type: 'boolean',
      label: { fr: 'Atelier collectif' },
      required: true,
      privacy: 'none',
    },
    {
      key: 'participants',
      type: 'repeat',
      label: { fr: 'Participants' },
      privacy: 'none',
      maxItems: 3,
      fields: [
        {
          key: 'role',
          type: 'short-text',
          label: { fr: 'Rôle dans le groupe' },
          required: true,
          privacy: 'none',
          visibleIf: { field: 'collective', equals: true },
        },
        {
          key: 'returning',
          type: 'boolean',
          label: { fr: 'Déjà venu' },
          privacy: 'none',
        },
      ],
    },
  ],
};

/** Every condition form, optional counts and an optional matrix: exercises the schema compiler. */
export const conditionShowcase: InstrumentDefinition = {
  key: 'condition-showcase',
  kind: 'questionnaire',
  version: '1.0.0',
  title: { fr: 'Vitrine des conditions' },
  fields: [
    {
      key: 'status',
      type: 'single-choice',
      label: { fr: 'Statut' },
      privacy: 'none',
      options: [
        { value: 'a', label: { fr: 'A' } },
        { value: 'b', label: { fr: 'B' } },
        { value: 'c', label: { fr: 'C' } },
      ],
    },
    {
      key: 'note',
      type: 'short-text',
      label: { fr: 'Note' },
      privacy: 'free-text',
      visibleIf: { field: 'status', equals: null },
    },
    {
      key: 'detail',
      type: 'short-text',
      label: { fr: 'Détail' },
      required: true,
      privacy: 'free-text',
      visibleIf: { not: { field: 'status', in: ['a', 'c'] } },
    },
    {
      key: 'flags',
      type: 'multiple-choice',
      label: { fr: 'Drapeaux' },
      minSelected: 2,
      privacy: 'none',
      options: [
        { value: 'x', label: { fr: 'X' } },
        { value: 'y', label: { fr: 'Y' } },
        { value: 'z', label: { fr: 'Z' } },
      ],
    },
    {
      key: 'flagNote',
      type: 'long-text',
      label: { fr: 'Note sur les drapeaux' },
      required: true,
      privacy: 'free-text',
      visibleIf: {
        any: [
          { field: 'flags', includes: 'x' },
          {
            all: [
              { field: 'status', notEquals: 'b' },
              { field: 'flags', answered: true },
            ],
          },
        ],
      },
    },
    {
      key: 'meta',
      type: 'group',
      label: { fr: 'Méta' },
      privacy: 'none',
      fields: [
        { key: 'level', type: 'integer', label: { fr: 'Niveau' }, min: 1, max: 5, privacy: 'none' },
        {
          key: 'tag',
          type: 'short-text',
          label: { fr: 'Étiquette' },
          required: true,
          privacy: 'none',
          visibleIf: { field: 'level', answered: false },
        },
      ],
    },
    {
      key: 'metaNote',
      type: 'short-text',
      label: { fr: 'Note de niveau 3' },
      required: true,
      privacy: 'none',
      visibleIf: { field: 'meta.level', equals: 3 },
    },
    {
      key: 'items',
      type: 'repeat',
      label: { fr: 'Éléments' },
      minItems: 2,
      maxItems: 3,
      privacy: 'none',
      fields: [
        {
          key: 'kind',
          type: 'single-choice',
          label: { fr: 'Sorte' },
          privacy: 'none',
          options: [
            { value: 'p', label: { fr: 'P' } },
            { value: 'q', label: { fr: 'Q' } },
          ],
        },
        {
          key: 'extra',
          type: 'boolean',
          label: { fr: 'Extra' },
          required: true,
          privacy: 'none',
          visibleIf: { field: 'kind', notEquals: null },
        },
      ],
    },
    {
      key: 'grid',
      type: 'matrix',
      label: { fr: 'Grille' },
      privacy: 'none',
      rows: [
        { key: 'r1', label: { fr: 'R1' } },
        { key: 'r2', label: { fr: 'R2' } },
      ],
      columns: [{ key: 'c1', label: { fr: 'C1' } }],
      cell: { type: 'scale', min: 0, max: 3 },
    },
  ],
};

export const allFixtures: Record<string, InstrumentDefinition> = {
  observationDay2,
  satisfactionQuestionnaire,
  skillsTest,
  outerScopeConditions,
  conditionShowcase,
};

/** Answers that pass `validateAnswers` in COMPLETE mode for the fixture of the same name. */
export const validObservation: JsonObject = {
  sessionDate: '2024-03-12',
  mode: 'remote',
  remoteTool: 'Visio',
  durationMinutes: 90,
  beneficiaries: [
    {
      age: 34,
      needs: { topic: 'admin', request: 'Renouveler un titre de séjour' },
      followUp: false,
    },
    {
      age: 71,
      needs: { topic: 'other', request: 'Photos', otherTopic: 'Partage de photos' },
      followUp: true,
      followUpDate: '2024-03-19',
    },
  ],
  debrief: {
    learned: { mediator: 'a', professional: 'b' },
    different: { mediator: 'c', professional: 'd' },
    questions: { mediator: 'e', professional: 'f' },
  },
};

export const validQuestionnaire: JsonObject = {
  age: 42,
  postcode: '44300',
  satisfaction: 2,
  dissatisfaction: 'Trop court',
  topics: ['email', 'security'],
  securityDetail: 'Mots de passe',
  weeklyHours: 3.5,
  recommend: true,
};

export const validSkills: JsonObject = {
  context: { device: 'phone', birthDate: '1980-02-29' },
  q1: 'https',
  q2: ['firefox'],
  phoneTip: 'Raccourcis',
  confidence: { email: { before: 1, after: 4 } },
  preferred: { help: { now: 'visit' } },
};

export const validShowcase: JsonObject = {
  status: 'b',
  detail: 'd',
  flags: ['y', 'z'],
  meta: { level: 3 },
  metaNote: 'n',
  items: [{ kind: 'p', extra: false }, {}],
  grid: { r1: { c1: 0 } },
};
