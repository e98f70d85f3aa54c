import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { resolveAcrossVersions, resolveField } from './aggregate-field';

const label = { fr: 'x' };
const v1: InstrumentDefinition = {
  key: 'demo',
  kind: 'questionnaire',
  version: '1.0.0',
  title: label,
  fields: [
    {
      key: 'diploma',
      type: 'single-choice',
      label,
      privacy: 'none',
      options: [
        { value: 'bac', label },
        { value: 'master', label },
      ],
    },
    {
      key: 'qualities',
      type: 'multiple-choice',
      label,
      privacy: 'none',
      options: [{ value: 'listening', label }],
    },
    { key: 'age', type: 'integer', label, privacy: 'none' },
    { key: 'teamWork', type: 'boolean', label, privacy: 'none' },
    { key: 'comments', type: 'long-text', label, privacy: 'free-text' },
    {
      key: 'beneficiaries',
      type: 'repeat',
      label,
      privacy: 'none',
      fields: [
        {
          key: 'needs',
          type: 'group',
          label,
          privacy: 'none',
          fields: [
            {
              key: 'ageBand',
              type: 'single-choice',
              label,
              privacy: 'quasi',
              generalisation: { kind: 'as-is' },
              options: [{ value: 'a', label }],
            },
          ],
        },
      ],
    },
  ],
};

describe('resolveField', () => {
  it.each([
    [
      'diploma',
      { kind: 'categorical', repeatPath: [], valuePath: ['diploma'], options: ['bac', 'master'] },
    ],
    ['qualities', { kind: 'multiple', valuePath: ['qualities'] }],
    ['age', { kind: 'numeric', valuePath: ['age'] }],
    ['teamWork', { kind: 'categorical', options: ['true', 'false'] }],
    [
      'beneficiaries.needs.ageBand',
      { kind: 'categorical', repeatPath: ['beneficiaries'], valuePath: ['needs', 'ageBand'] },
    ],
  ])('resolves %s', (name, expected) => {
    const resolution = resolveField(v1, name);
    expect(resolution).toEqual({ field: expect.objectContaining(expected) });
  });

  it.each([
    ['comments', /long-text/],
    ['nope', /not a field/],
    ['diploma.sub', /no sub-fields/],
    ['beneficiaries', /repeat field, which cannot/],
  ])('refuses %s', (name, message) => {
    const resolution = resolveField(v1, name);
    expect('problem' in resolution && resolution.problem).toMatch(message);
  });

  it('resolves a measure of the kind to the derived values', () => {
    const resolution = resolveField(v1, 'score.total', [
      {
        key: 'score.total',
        label: 'Total',
        type: 'numeric',
        source: 'derived',
        path: 'total.score',
      },
    ]);
    expect(resolution).toEqual({
      field: expect.objectContaining({
        kind: 'numeric',
        source: 'derived',
        valuePath: ['total', 'score'],
      }),
    });
  });
});

describe('resolveAcrossVersions', () => {
  it('aggregates a field that keeps its key and type, with the options of every version', () => {
    const v2 = structuredClone(v1);
    v2.version = '1.1.0';
    (v2.fields[0] as { options: { value: string; label: typeof label }[] }).options.push({
      value: 'licence',
      label,
    });
    const resolution = resolveAcrossVersions([v1, v2], 'diploma');
    expect(resolution).toEqual({
      field: expect.objectContaining({ options: ['bac', 'master', 'licence'] }),
    });
  });

  it('refuses a field whose type changed between versions', () => {
    const v2 = structuredClone(v1);
    v2.version = '2.0.0';
    v2.fields[0] = { key: 'diploma', type: 'short-text', label, privacy: 'none' };
    const resolution = resolveAcrossVersions([v1, v2], 'diploma');
    expect('problem' in resolution && resolution.problem).toMatch(
      /short-text field|single-choice in 1.0.0/,
    );
  });
});
