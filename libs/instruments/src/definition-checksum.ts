import { createHash } from 'node:crypto';
import type { JsonValue } from '@observatory/instrument-sdk';

/**
 * JSON with object keys sorted, so the same content always has the same checksum. Stored
 * checksums (definitions, submit request hashes) depend on this exact text: it must not change.
 * Written into one growing string (no array per object or list to join), since every submit
 * fingerprints its answers with it.
 */
export function canonicalJson(value: JsonValue): string {
  return appendCanonical('', value);
}

function appendCanonical(out: string, value: JsonValue): string {
  if (value === null || typeof value !== 'object') return out + JSON.stringify(value);
  if (Array.isArray(value)) {
    out += '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // What JSON.stringify leaves out (never in parsed JSON: a hole, undefined) writes nothing,
      // as Array#join did.
      const item = value[i] as unknown;
      if (item !== undefined && typeof item !== 'function' && typeof item !== 'symbol') {
        out = appendCanonical(out, item as JsonValue);
      }
    }
    return out + ']';
  }
  const keys = Object.keys(value).sort();
  out += '{';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ',';
    out = appendCanonical(out + JSON.stringify(keys[i]) + ':', value[keys[i]]);
  }
  return out + '}';
}

export function definitionChecksum(definition: JsonValue): string {
  return createHash('sha256').update(canonicalJson(definition), 'utf8').digest('hex');
}
