import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  checkVersionFile,
  compareVersionFiles,
  type InstrumentKindPlugin,
} from '@observatory/instrument-sdk';
import { PluginLoadError } from './plugin-load-error';

export interface BuiltinVersion {
  /** The parsed JSON, not yet validated by the definition engine. */
  definition: unknown;
  /** Absolute path of the file it was read from. */
  file: string;
}

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
  versions.sort(compareVersionFiles);
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
  let definition: unknown;
  try {
    definition = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    // A name that cannot be a version file says so before its content does.
    const named = checkVersionFile(path.basename(file), {}, kind);
    if (!named.ok && !named.problem.startsWith('the file name says')) throw bad(named.problem);
    throw bad(`not readable JSON: ${firstLine(error)}`);
  }
  const checked = checkVersionFile(path.basename(file), definition, kind);
  if (!checked.ok) throw bad(checked.problem);
  return { definition, file, key: checked.key, version: checked.version };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim();
}
