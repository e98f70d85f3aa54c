import * as path from 'node:path';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { loadBuiltinVersions } from './builtin-versions';
import { BUILTIN_INSTRUMENTS_DIR } from './plugin-loader';
import { PluginRegistry } from './plugin-registry';

const EXAMPLE_PLUGIN_DIR = path.resolve(__dirname, '../../../../test/fixtures/example-plugin');

describe('the example plugin (test/fixtures/example-plugin)', () => {
  const registry = PluginRegistry.load({
    builtinDir: BUILTIN_INSTRUMENTS_DIR,
    extra: [EXAMPLE_PLUGIN_DIR],
  });
  const plugin = registry.require('activity-report');
  const [demo] = loadBuiltinVersions(plugin);
  const definition = demo.definition as InstrumentDefinition;

  it('is listed beside the built-in kinds', () => {
    expect(registry.kinds()).toEqual([
      'activity-report',
      'debrief',
      'observation-grid',
      'questionnaire',
      'skills-test',
    ]);
    expect(plugin).toMatchObject({ version: '1.0.0', sdkVersion: '^1.0.0' });
  });

  it('ships its demo version', () => {
    expect(path.basename(demo.file)).toBe('activity-report-demo@1.0.0.json');
    expect(definition.fields.map((f) => `${f.key}:${f.type}`)).toEqual([
      'type:single-choice',
      'duree:duration',
      'thematiques:multiple-choice',
      'autonomie:single-choice',
      'notes:long-text',
    ]);
  });

  it('accepts its demo version and refuses a definition without duree', () => {
    expect(plugin.checkDefinition?.(definition)).toEqual([]);
    const withoutDuree = {
      ...definition,
      fields: definition.fields.filter((f) => f.key !== 'duree'),
    };
    expect(plugin.checkDefinition?.(withoutDuree).map((p) => p.code)).toEqual(['DUREE_REQUIRED']);
  });

  it.each<[number | undefined, string | undefined]>([
    [0, 'moins_30_min'],
    [29, 'moins_30_min'],
    [30, '30_min_1_h'],
    [59, '30_min_1_h'],
    [60, '1_h_2_h'],
    [119, '1_h_2_h'],
    [120, '2_h_et_plus'],
    [480, '2_h_et_plus'],
    [undefined, undefined],
  ])('derives the duration bucket of %s minutes: %s', (duree, bucket) => {
    const answers = {
      type: 'individuel',
      thematiques: ['email'],
      ...(duree === undefined ? {} : { duree }),
    };
    expect(plugin.derive?.(definition, answers)).toEqual(
      bucket === undefined ? {} : { dureeTranche: bucket },
    );
  });

  it('offers the duration bucket to aggregation', () => {
    expect(plugin.measures?.(definition)).toEqual([
      {
        key: 'duree.tranche',
        label: 'Durée (tranches)',
        type: 'count',
        source: 'derived',
        path: 'dureeTranche',
      },
    ]);
  });
});
