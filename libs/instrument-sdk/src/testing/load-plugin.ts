import * as path from 'node:path';
import { isRecord } from '../json-path';
import type { InstrumentKindPlugin } from '../plugin';
import { checkPlugin } from '../plugin-check';

/**
 * Loads a plugin the way the service loads an INSTRUMENT_PLUGINS entry: `require` of the folder
 * (its package.json `main`, or its index.js) or module, its default export or `module.exports`,
 * then the loader's checks (shape, hooks, SDK range). Throws an Error saying what to change.
 */
export function loadPlugin(location: string): InstrumentKindPlugin {
  const resolved = path.resolve(location);
  let loaded: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- plugins are found at run time
    loaded = require(resolved);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `LOAD_FAILED: cannot load instrument plugin at ${resolved}: ${message.split('\n')[0]}`,
      { cause: error },
    );
  }
  const value = isRecord(loaded) && 'default' in loaded ? loaded.default : loaded;
  const checked = checkPlugin(value);
  if (!checked.ok)
    throw new Error(`${checked.code}: instrument plugin at ${resolved}: ${checked.problem}`);
  return checked.plugin;
}
