import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkDefinition } from '../definition-check';
import type { InstrumentDefinition } from '../definition';
import type { InstrumentKindPlugin, Problem } from '../plugin';
import { checkVersionBump } from '../semver-diff';
import { checkVersionFile, compareVersionFiles } from '../version-file';

export interface VersionReport {
  /** Absolute path of the version file. */
  file: string;
  /** The definition as the service stores it (without `$schema`), when it has no problem. */
  definition?: InstrumentDefinition;
  /** Every problem, as the service would report it when it publishes the file at start-up. */
  problems: Problem[];
}

/**
 * Every version file of `plugin.versionsDir`, checked as the service checks it at start-up, in
 * the order it publishes them (by key, then semver): the file name against its content
 * (BAD_VERSION_FILE), the common definition check, the plugin's `checkDefinition`, and the version
 * bump from the previous version of the same instrument (BUMP_TOO_SMALL, VERSION_NOT_GREATER…).
 */
export function checkVersions(plugin: InstrumentKindPlugin): VersionReport[] {
  const dir = plugin.versionsDir;
  if (dir === undefined) return [];
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => path.join(dir, name));
  const read = files.map((file) => readVersion(plugin, file));
  read.sort((a, b) =>
    a.key !== undefined && b.key !== undefined
      ? compareVersionFiles(
          { key: a.key, version: a.version! },
          { key: b.key, version: b.version! },
        )
      : a.file.localeCompare(b.file),
  );
  const latest = new Map<string, InstrumentDefinition>();
  return read.map(({ file, key, content, problems }) => {
    if (problems.length > 0 || key === undefined) return { file, problems };
    const checked = checkDefinition(content);
    if (checked.definition === undefined) return { file, problems: checked.problems };
    const definition = checked.definition;
    const kindProblems = plugin.checkDefinition?.(definition) ?? [];
    const previous = latest.get(key);
    const bump = previous === undefined ? [] : checkVersionBump(previous, definition);
    if (kindProblems.length > 0 || bump.length > 0) {
      return { file, problems: [...kindProblems, ...bump] };
    }
    latest.set(key, definition);
    return { file, definition, problems: [] };
  });
}

function readVersion(
  plugin: InstrumentKindPlugin,
  file: string,
): { file: string; key?: string; version?: string; content?: unknown; problems: Problem[] } {
  const bad = (message: string) => ({
    file,
    problems: [{ path: '', code: 'BAD_VERSION_FILE', message }],
  });
  let content: unknown;
  try {
    content = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return bad(`not readable JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const named = checkVersionFile(path.basename(file), content, plugin.kind);
  if (!named.ok) return bad(named.problem);
  return { file, key: named.key, version: named.version, content, problems: [] };
}
