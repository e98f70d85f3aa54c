import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../../config/src/app-config';

/**
 * The secret behind per-partner pseudonyms and signed download URLs: EXPORT_SECRET, or one
 * generated once under DATA_DIR (enough when the API and the worker share a machine).
 */
export function exportSecret(config: AppConfig): string {
  if (config.exportSecret) return config.exportSecret;
  const file = path.join(config.dataDir, 'export-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    // `wx`: if another process created it meanwhile, keep theirs.
    try {
      fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return fs.readFileSync(file, 'utf8').trim();
    }
  }
}
