/**
 * Whether a module's export is an `InstrumentKindPlugin` a service of this SDK version can run:
 * the check the service's plugin loader makes at start-up, and the test kit before anything else.
 */
import * as path from 'node:path';
import * as semver from 'semver';
import { isRecord } from './json-path';
import { SDK_VERSION, type InstrumentKindPlugin } from './plugin';

/** `kind` names a plugin in definitions and GraphQL: lower-case kebab or snake case. */
const KIND_PATTERN = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
export const PLUGIN_HOOKS = [
  'checkDefinition',
  'checkAnswers',
  'derive',
  'measures',
  'publicView',
] as const;
export const PLUGIN_PROPERTIES = [
  'kind',
  'version',
  'sdkVersion',
  'description',
  'versionsDir',
  ...PLUGIN_HOOKS,
] as const;

export type PluginCheck =
  | { ok: true; plugin: InstrumentKindPlugin }
  /** MALFORMED: not a plugin; SDK_INCOMPATIBLE: written for an SDK range this one is outside of. */
  | { ok: false; code: 'MALFORMED' | 'SDK_INCOMPATIBLE'; problem: string };

/**
 * Checks `value` and returns it typed, or the first problem (one line saying what to change). The
 * SDK range is checked right after `kind` and `sdkVersion` are known to be well-formed, so a plugin
 * written for another SDK is reported as such rather than as malformed.
 */
export function checkPlugin(value: unknown, sdkVersion: string = SDK_VERSION): PluginCheck {
  const malformed = (problem: string): PluginCheck => ({ ok: false, code: 'MALFORMED', problem });
  if (!isRecord(value)) {
    return malformed(
      `it must export an object (module.exports = { kind, … } or export default), got ${describe(value)}`,
    );
  }
  const { kind, version, sdkVersion: range, description, versionsDir } = value;
  if (typeof kind !== 'string' || !KIND_PATTERN.test(kind)) {
    return malformed(
      `"kind" must be a lower-case kebab-case or snake_case string such as "skills-test", got ${describe(kind)}`,
    );
  }
  if (typeof range !== 'string' || semver.validRange(range) === null) {
    return malformed(
      `plugin "${kind}": "sdkVersion" must be a semver range such as "^1.0.0", got ${describe(range)}`,
    );
  }
  if (!semver.satisfies(sdkVersion, range)) {
    return {
      ok: false,
      code: 'SDK_INCOMPATIBLE',
      problem: `plugin "${kind}" targets SDK ${range} but this service provides ${sdkVersion}`,
    };
  }
  if (typeof version !== 'string' || semver.valid(version) === null) {
    return malformed(
      `plugin "${kind}": "version" must be a semver version such as "1.0.0", got ${describe(version)}`,
    );
  }
  if (typeof description !== 'string' || description.trim() === '') {
    return malformed(`plugin "${kind}": "description" must be a non-empty string`);
  }
  if (
    versionsDir !== undefined &&
    (typeof versionsDir !== 'string' || !path.isAbsolute(versionsDir))
  ) {
    return malformed(
      `plugin "${kind}": "versionsDir" must be an absolute path such as path.join(__dirname, 'versions'), got ${describe(versionsDir)}`,
    );
  }
  for (const hook of PLUGIN_HOOKS) {
    if (value[hook] !== undefined && typeof value[hook] !== 'function') {
      return malformed(
        `plugin "${kind}": "${hook}" must be a function when present, got ${describe(value[hook])}`,
      );
    }
  }
  const known = new Set<string>(PLUGIN_PROPERTIES);
  const unknown = Object.keys(value).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    return malformed(
      `plugin "${kind}": unknown ${unknown.length === 1 ? 'property' : 'properties'} ${unknown.map((key) => `"${key}"`).join(', ')} (known: ${[...known].join(', ')})`,
    );
  }
  return { ok: true, plugin: value as unknown as InstrumentKindPlugin };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return JSON.stringify(value);
}
