/**
 * A version file a plugin ships: `<versionsDir>/<instrument-key>@<version>.json`, one definition
 * per file. Its name must match the `key` and `version` inside, and its `kind` must be the
 * plugin's: checked by the service when it loads the file, and by the test kit.
 */
import * as semver from 'semver';
import { isRecord } from './json-path';

/** `<instrument-key>@<version>.json`; keys hold no `@`. */
const FILE_NAME = /^([^@]+)@(.+)\.json$/;

export type VersionFileCheck =
  { ok: true; key: string; version: string } | { ok: false; problem: string };

/** Checks a version file's name against its parsed content (not yet the definition check). */
export function checkVersionFile(
  fileName: string,
  content: unknown,
  kind: string,
): VersionFileCheck {
  const match = FILE_NAME.exec(fileName);
  if (match === null) {
    return { ok: false, problem: 'the file name must be <instrument-key>@<version>.json' };
  }
  const [, key, version] = match;
  if (semver.valid(version) === null) {
    return {
      ok: false,
      problem: `"${version}" in the file name is not a semver version such as 1.0.0`,
    };
  }
  if (!isRecord(content)) return { ok: false, problem: 'the file must hold one definition object' };
  if (content.key !== key) {
    return {
      ok: false,
      problem: `the file name says key "${key}" but the definition says ${JSON.stringify(content.key)}`,
    };
  }
  if (content.version !== version) {
    return {
      ok: false,
      problem: `the file name says version "${version}" but the definition says ${JSON.stringify(content.version)}`,
    };
  }
  if (content.kind !== kind) {
    return {
      ok: false,
      problem: `its kind is ${JSON.stringify(content.kind)} but it ships with plugin "${kind}"`,
    };
  }
  return { ok: true, key, version };
}

/** Orders version files as the service publishes them: by key, then by semver. */
export function compareVersionFiles(
  a: { key: string; version: string },
  b: { key: string; version: string },
): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return semver.compare(a.version, b.version);
}
