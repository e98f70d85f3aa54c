import { hkdfSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from './app-config';

/**
 * The service's one secret (EXPORT_SECRET, or one generated once under DATA_DIR: enough when the
 * API and the worker share a machine). Every keyed use (pseudonyms, signed links, push keys,
 * keyed hashes of tokens or client ids) takes its own key from it with `derivedKey`, so that no
 * two uses share a key.
 */
export function serverSecret(config: AppConfig): string {
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

/** A 256-bit key for one purpose (HKDF-SHA256 of the server secret, the purpose as `info`). */
export function derivedKey(config: AppConfig, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverSecret(config), '', `observatory/${purpose}`, 32));
}
