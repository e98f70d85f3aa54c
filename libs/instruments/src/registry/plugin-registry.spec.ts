import type { InstrumentKindPlugin } from '@observatory/instrument-sdk';
import { PluginLoadError } from './plugin-load-error';
import { BUILTIN_INSTRUMENTS_DIR } from './plugin-loader';
import { PluginRegistry, UnknownInstrumentKindError } from './plugin-registry';

const plugin = (kind: string): InstrumentKindPlugin => ({
  kind,
  version: '1.0.0',
  sdkVersion: '^1.0.0',
  description: kind,
});

describe('PluginRegistry', () => {
  const sut = new PluginRegistry([
    plugin('questionnaire'),
    plugin('debrief'),
    plugin('skills-test'),
  ]);

  it('lists the plugins sorted by kind', () => {
    expect(sut.list().map((p) => p.kind)).toEqual(['debrief', 'questionnaire', 'skills-test']);
    expect(sut.kinds()).toEqual(['debrief', 'questionnaire', 'skills-test']);
  });

  it('gets a plugin by kind, or undefined', () => {
    expect(sut.get('debrief')?.kind).toBe('debrief');
    expect(sut.get('activity-report')).toBeUndefined();
    expect(sut.has('debrief')).toBe(true);
    expect(sut.has('activity-report')).toBe(false);
  });

  it('requires a plugin, naming the installed kinds when it is missing', () => {
    expect(sut.require('skills-test').kind).toBe('skills-test');
    expect(() => sut.require('activity-report')).toThrow(UnknownInstrumentKindError);
    expect(() => sut.require('activity-report')).toThrow(
      'unknown instrument kind "activity-report"; installed kinds: debrief, questionnaire, skills-test',
    );
  });

  it('does not let callers change its list', () => {
    sut.list().pop();
    expect(sut.list()).toHaveLength(3);
  });

  it('refuses two plugins of one kind', () => {
    expect(() => new PluginRegistry([plugin('debrief'), plugin('debrief')])).toThrow(
      PluginLoadError,
    );
  });

  it('loads the built-in plugins', () => {
    const registry = PluginRegistry.load({ builtinDir: BUILTIN_INSTRUMENTS_DIR, extra: [] });
    expect(registry.kinds()).toEqual([
      'debrief',
      'observation-grid',
      'questionnaire',
      'skills-test',
    ]);
  });
});
