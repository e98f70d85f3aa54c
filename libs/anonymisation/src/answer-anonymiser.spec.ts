import fc from 'fast-check';
import type { InstrumentDefinition, JsonObject, JsonValue } from '@observatory/instrument-sdk';
import {
  anonymiseAnswers,
  mergeRedactions,
  rescrubAnswers,
  withinLimit,
} from './answer-anonymiser';
import { messyTextArbitrary } from './fixtures/arbitraries';
import { leaksIn } from './leak-check';

const label = (fr: string) => ({ fr });

const definition: InstrumentDefinition = {
  key: 'test-observation',
  kind: 'observation-grid',
  version: '1.0.0',
  title: label('Test'),
  fields: [
    { key: 'email', type: 'short-text', label: label('Courriel'), privacy: 'identifier' },
    { key: 'site', type: 'short-text', label: label('Lieu'), privacy: 'none' },
    {
      key: 'age',
      type: 'integer',
      label: label('Âge'),
      privacy: 'quasi',
      generalisation: {
        kind: 'band',
        bands: [
          { max: 17, label: '<18' },
          { min: 18, max: 64, label: '18-64' },
          { min: 65, label: '65+' },
        ],
      },
    },
    {
      key: 'postcode',
      type: 'short-text',
      label: label('Code postal'),
      privacy: 'quasi',
      generalisation: { kind: 'postcode-departement' },
    },
    {
      key: 'band',
      type: 'single-choice',
      label: label('Tranche'),
      privacy: 'quasi',
      generalisation: { kind: 'as-is' },
      options: [{ value: '18-34', label: label('18-34') }],
    },
    { key: 'orphan', type: 'integer', label: label('Sans règle'), privacy: 'quasi' },
    { key: 'notes', type: 'long-text', label: label('Notes'), privacy: 'free-text' },
    {
      key: 'beneficiaries',
      type: 'repeat',
      label: label('Bénéficiaires'),
      privacy: 'none',
      fields: [
        { key: 'fullName', type: 'short-text', label: label('Nom'), privacy: 'identifier' },
        {
          key: 'visit',
          type: 'date',
          label: label('Date'),
          privacy: 'quasi',
          generalisation: { kind: 'date-month' },
        },
        {
          key: 'needs',
          type: 'group',
          label: label('Besoins'),
          privacy: 'none',
          fields: [
            { key: 'request', type: 'long-text', label: label('Demande'), privacy: 'free-text' },
            { key: 'count', type: 'integer', label: label('Nombre'), privacy: 'none' },
          ],
        },
      ],
    },
    {
      key: 'contact',
      type: 'group',
      label: label('Contact'),
      privacy: 'identifier',
      fields: [{ key: 'phone', type: 'short-text', label: label('Tél'), privacy: 'none' }],
    },
    {
      key: 'debrief',
      type: 'matrix',
      label: label('Retour'),
      privacy: 'free-text',
      rows: [{ key: 'learned', label: label('Appris') }],
      columns: [
        { key: 'mediator', label: label('Médiateur') },
        { key: 'professional', label: label('Professionnel') },
      ],
      cell: { type: 'long-text' },
    },
    {
      key: 'ratings',
      type: 'matrix',
      label: label('Notes'),
      privacy: 'quasi',
      generalisation: { kind: 'round', step: 2 },
      rows: [{ key: 'ease', label: label('Facilité') }],
      columns: [{ key: 'mediator', label: label('Médiateur') }],
      cell: { type: 'scale', min: 0, max: 10 },
    },
  ],
};

describe('anonymiseAnswers', () => {
  const answers: JsonObject = {
    email: 'jean@example.org',
    site: 'Médiathèque',
    age: 72,
    postcode: '20200',
    band: '18-34',
    notes: 'Mme Martin a donné son 06 12 34 56 78 et son 07 11 22 33 44.',
    beneficiaries: [
      {
        fullName: 'Jean Dupont',
        visit: '2023-05-17',
        needs: { request: 'écrire à jean@example.org', count: 2 },
      },
      { visit: '2023-06-01', needs: { request: 'RAS', count: 0 } },
    ],
    contact: { phone: '0612345678' },
    debrief: {
      learned: { mediator: 'Appeler M. Durand', professional: 'rien de spécial' },
    },
    ratings: { ease: { mediator: 7 } },
    extra: { kept: 'as is' },
  };

  it('drops identifiers, generalises quasi-identifiers and scrubs free text', () => {
    expect(anonymiseAnswers(definition, answers)).toEqual({
      answers: {
        site: 'Médiathèque',
        age: '65+',
        postcode: '2B',
        band: '18-34',
        notes: '[NAME] a donné son [PHONE] et son [PHONE].',
        beneficiaries: [
          { visit: '2023-05', needs: { request: 'écrire à [EMAIL]', count: 2 } },
          { visit: '2023-06', needs: { request: 'RAS', count: 0 } },
        ],
        debrief: { learned: { mediator: 'Appeler [NAME]', professional: 'rien de spécial' } },
        ratings: { ease: { mediator: 6 } },
        extra: { kept: 'as is' },
      },
      redactions: [
        { path: 'email', kind: 'IDENTIFIER', count: 1 },
        { path: 'age', kind: 'GENERALISED', count: 1 },
        { path: 'postcode', kind: 'GENERALISED', count: 1 },
        { path: 'notes', kind: 'PHONE', count: 2 },
        { path: 'notes', kind: 'NAME', count: 1 },
        { path: 'beneficiaries[0].fullName', kind: 'IDENTIFIER', count: 1 },
        { path: 'beneficiaries[0].visit', kind: 'GENERALISED', count: 1 },
        { path: 'beneficiaries[0].needs.request', kind: 'EMAIL', count: 1 },
        { path: 'beneficiaries[1].visit', kind: 'GENERALISED', count: 1 },
        { path: 'contact', kind: 'IDENTIFIER', count: 1 },
        { path: 'debrief.learned.mediator', kind: 'NAME', count: 1 },
        { path: 'ratings.ease.mediator', kind: 'GENERALISED', count: 1 },
      ],
      rejected: [],
    });
  });

  it('uses known names', () => {
    const result = anonymiseAnswers(definition, { notes: 'Vu Élodie' }, { knownNames: ['elodie'] });
    expect(result.answers).toEqual({ notes: 'Vu [NAME]' });
    expect(result.redactions).toEqual([{ path: 'notes', kind: 'NAME', count: 1 }]);
  });

  it('reports no generalisation when the value did not change', () => {
    const result = anonymiseAnswers(definition, {
      band: '18-34',
      ratings: { ease: { mediator: 8 } },
    });
    expect(result.redactions).toEqual([]);
    expect(result.answers).toEqual({ band: '18-34', ratings: { ease: { mediator: 8 } } });
  });

  it('drops and reports quasi-identifiers that cannot be generalised, never keeping them raw', () => {
    const result = anonymiseAnswers(definition, {
      age: 'soixante',
      postcode: '99999',
      orphan: 3,
      beneficiaries: [{ visit: '17/05/2023' }],
      ratings: { ease: { mediator: 'dix' } },
    });
    expect(result.answers).toEqual({ beneficiaries: [{}], ratings: { ease: {} } });
    expect(result.rejected).toEqual([
      { path: 'age', reason: 'NOT_A_NUMBER' },
      { path: 'postcode', reason: 'INVALID_POSTCODE' },
      { path: 'orphan', reason: 'MISSING_GENERALISATION' },
      { path: 'beneficiaries[0].visit', reason: 'INVALID_DATE' },
      { path: 'ratings.ease.mediator', reason: 'NOT_A_NUMBER' },
    ]);
    expect(JSON.stringify(result)).not.toMatch(/soixante|99999|17\/05|dix/);
  });

  it('keeps null answers without reporting them', () => {
    expect(anonymiseAnswers(definition, { email: null, age: null, notes: null })).toEqual({
      answers: { age: null, notes: null },
      redactions: [],
      rejected: [],
    });
  });

  it('scrubs every string of a free-text field, whatever its shape', () => {
    const result = anonymiseAnswers(definition, {
      notes: ['a@b.fr', { deeper: 'Mme Martin' }, 3] as JsonValue,
      debrief: 'Appeler le 0612345678',
    });
    expect(result.answers).toEqual({
      notes: ['[EMAIL]', { deeper: '[NAME]' }, 3],
      debrief: 'Appeler le [PHONE]',
    });
    expect(result.redactions).toEqual([
      { path: 'notes[0]', kind: 'EMAIL', count: 1 },
      { path: 'notes[1].deeper', kind: 'NAME', count: 1 },
      { path: 'debrief', kind: 'PHONE', count: 1 },
    ]);
  });

  it('copies unexpected shapes of other fields unchanged without throwing', () => {
    const odd = { beneficiaries: 'not a list', site: { nested: [1, 'x'] }, contact: null };
    expect(anonymiseAnswers(definition, odd as JsonObject).answers).toEqual({
      beneficiaries: 'not a list',
      site: { nested: [1, 'x'] },
    });
    expect(
      anonymiseAnswers(definition, { beneficiaries: [3, null, ['x']] } as JsonObject).answers,
    ).toEqual({ beneficiaries: [3, null, ['x']] });
    expect(anonymiseAnswers(definition, null as unknown as JsonObject).answers).toEqual({});
  });

  it('never copies __proto__ keys', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": true}, "extra": {"__proto__": {"polluted": true}}, ' +
        '"beneficiaries": [{"__proto__": {"polluted": true}, "needs": {"__proto__": {"x": 1}}}], ' +
        '"notes": {"__proto__": "Mme Martin"}, "ratings": {"__proto__": {"a": 1}}}',
    ) as JsonObject;
    const { answers: result } = anonymiseAnswers(definition, hostile);
    const serialised = JSON.stringify(result);
    expect(serialised).not.toContain('__proto__');
    expect(serialised).not.toContain('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it('returns nothing that aliases the input', () => {
    const result = anonymiseAnswers(definition, answers);
    (result.answers.extra as JsonObject).kept = 'changed';
    expect((answers.extra as JsonObject).kept).toBe('as is');
  });

  const answersArbitrary: fc.Arbitrary<JsonObject> = fc.record(
    {
      email: fc.oneof(messyTextArbitrary, fc.constant(null)),
      site: messyTextArbitrary,
      age: fc.oneof(fc.integer({ min: -5, max: 120 }), fc.jsonValue()),
      postcode: fc.oneof(fc.stringMatching(/^\d{5}$/), fc.jsonValue()),
      notes: fc.oneof(messyTextArbitrary, fc.jsonValue()),
      beneficiaries: fc.oneof(
        fc.array(
          fc.record(
            {
              fullName: messyTextArbitrary,
              visit: fc.oneof(fc.constant('2023-05-17'), fc.jsonValue()),
              needs: fc.oneof(
                fc.record({ request: messyTextArbitrary, count: fc.nat() }, { requiredKeys: [] }),
                fc.jsonValue(),
              ),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
        fc.jsonValue(),
      ),
      contact: fc.jsonValue(),
      debrief: fc.oneof(
        fc.record({
          learned: fc.record({ mediator: messyTextArbitrary, professional: messyTextArbitrary }),
        }),
        fc.jsonValue(),
      ),
      extra: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<JsonObject>;

  it('never mutates its input, never throws, never keeps identifiers or leaks in free text', () => {
    fc.assert(
      fc.property(answersArbitrary, (input) => {
        const before = structuredClone(input);
        const { answers: result } = anonymiseAnswers(definition, input);
        expect(input).toEqual(before);
        expect(result).not.toHaveProperty('email');
        expect(result).not.toHaveProperty('contact');
        const notes = result.notes;
        if (typeof notes === 'string') expect(leaksIn(notes)).toEqual([]);
        const beneficiaries = result.beneficiaries;
        if (Array.isArray(beneficiaries)) {
          for (const item of beneficiaries) {
            if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
              expect(item).not.toHaveProperty('fullName');
              const needs = item.needs;
              if (typeof needs === 'object' && needs !== null && !Array.isArray(needs)) {
                if (typeof needs.request === 'string') expect(leaksIn(needs.request)).toEqual([]);
              }
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('rescrubAnswers', () => {
  // As an older scrubber stored them: quasi-identifiers generalised, a name it did not know.
  const stored: JsonObject = {
    site: 'Médiathèque',
    age: '65+',
    postcode: '20',
    band: '18-34',
    notes: '[NAME] est venue ; Fatima rappellera au 06/12/34/56/78.',
    beneficiaries: [{ visit: '2023-05', needs: { request: 'RAS', count: 2 } }],
    debrief: { learned: { mediator: 'Appeler [NAME]', professional: 'née le 03/04/1961' } },
    ratings: { ease: { mediator: 7 } },
  };

  it('scrubs the free text again, leaving placeholders and every other field as stored', () => {
    const result = rescrubAnswers(definition, stored);
    expect(result.answers).toEqual({
      ...stored,
      notes: '[NAME] est venue ; [NAME] rappellera au [PHONE].',
      debrief: { learned: { mediator: 'Appeler [NAME]', professional: 'née le [BIRTHDATE]' } },
    });
    expect(result.redactions).toEqual([
      { path: 'notes', kind: 'PHONE', count: 1 },
      { path: 'notes', kind: 'NAME', count: 1 },
      { path: 'debrief.learned.professional', kind: 'BIRTHDATE', count: 1 },
    ]);
  });

  it('changes nothing in answers the current scrubber stored', () => {
    const current = anonymiseAnswers(definition, stored).answers;
    expect(rescrubAnswers(definition, current)).toEqual({ answers: current, redactions: [] });
  });
});

describe('mergeRedactions', () => {
  it('adds counts of the same path and kind, and appends the others', () => {
    expect(
      mergeRedactions(
        [
          { path: 'notes', kind: 'NAME', count: 1 },
          { path: 'age', kind: 'GENERALISED', count: 1 },
        ],
        [
          { path: 'notes', kind: 'NAME', count: 2 },
          { path: 'notes', kind: 'PHONE', count: 1 },
        ],
      ),
    ).toEqual([
      { path: 'notes', kind: 'NAME', count: 3 },
      { path: 'age', kind: 'GENERALISED', count: 1 },
      { path: 'notes', kind: 'PHONE', count: 1 },
    ]);
  });
});

describe('withinLimit', () => {
  it('leaves a text within the limit as it is, counting code points', () => {
    expect(withinLimit('abc', 3)).toBe('abc');
    expect(withinLimit('😀😀😀', 3)).toBe('😀😀😀');
  });

  it('cuts a scrubbed text that outgrew its limit, never inside a placeholder', () => {
    expect(withinLimit('appelez le [PHONE] ou le [PHONE]', 28)).toBe('appelez le [PHONE] ou le ');
    expect(withinLimit('appelez le [PHONE] ou le [PHONE]', 32)).toBe(
      'appelez le [PHONE] ou le [PHONE]',
    );
    expect(withinLimit('un texte [ouvert', 12)).toBe('un texte [ou');
  });

  it('gives a prefix of at most the limit, in code points, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.nat(40), (text, limit) => {
        const cut = withinLimit(text, limit);
        expect(Array.from(cut).length).toBeLessThanOrEqual(limit);
        expect(text.startsWith(cut)).toBe(true);
      }),
    );
  });
});
