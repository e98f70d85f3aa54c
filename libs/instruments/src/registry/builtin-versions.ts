import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';
import type { InstrumentKindPlugin } from '@observatory/instrument-sdk';
import { PluginLoadError } from './plugin-load-error';

export interface BuiltinVersion {
  /** The parsed JSON, not yet validated by the definition engine. */
  definition: unknown;
  /** Absolute path of the file it was read from. */
  file: string;
}

/** `<instrument-key>@<version>.json`; keys hold no `@`. */
const FILE_NAME = /^([^@]+)@(.+)\.json$/;

/**
 * Reads the built-in versions a plugin ships in its `versionsDir`, checking that each file's name
 * (`<key>@<version>.json`) matches the `key` and `version` inside and that its `kind` is the
 * plugin's. Sorted by key, then by semver, so that publishing them in order diffs every version
 * against the one before. A plugin without `versionsDir` ships none.
 */
export function loadBuiltinVersions(
  plugin: Pick<InstrumentKindPlugin, 'kind' | 'versionsDir'>,
): BuiltinVersion[] {
  const dir = plugin.versionsDir;
  if (dir === undefined) return [];
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch (error) {
    throw new PluginLoadError(
      'BAD_VERSION_FILE',
      dir,
      `plugin "${plugin.kind}": cannot read its versionsDir ${dir}: ${firstLine(error)}`,
    );
  }
  const versions = names.map((name) => readVersionFile(plugin.kind, path.join(dir, name)));
  versions.sort((a, b) => compareText(a.key, b.key) || semver.compare(a.version, b.version));
  return versions.map(({ definition, file }) => ({ definition, file }));
}

function readVersionFile(
  kind: string,
  file: string,
): BuiltinVersion & { key: string; version: string } {
  const bad = (problem: string): PluginLoadError =>
    new PluginLoadError(
      'BAD_VERSION_FILE',
      file,
      `built-in version ${file} (plugin "${kind}"): ${problem}`,
    );
  const match = FILE_NAME.exec(path.basename(file));
  if (match === null) {
    throw bad('the file name must be <instrument-key>@<version>.json');
  }
  const [, key, version] = match;
  if (semver.valid(version) === null) {
    throw bad(`"${version}" in the file name is not a semver version such as 1.0.0`);
  }
  let definition: unknown;
  try {
    definition = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw bad(`not readable JSON: ${firstLine(error)}`);
  }
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw bad('the file must hold one definition object');
  }
  const content = definition as Record<string, unknown>;
  if (content.key !== key) {
    throw bad(
      `the file name says key "${key}" but the definition says ${JSON.stringify(content.key)}`,
    );
  }
  if (content.version !== version) {
    throw bad(
      `the file name says version "${version}" but the definition says ${JSON.stringify(content.version)}`,
    );
  }
  if (content.kind !== kind) {
    throw bad(`its kind is ${JSON.stringify(content.kind)} but it ships with plugin "${kind}"`);
  }
  return { definition, file, key, version };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim();
}
