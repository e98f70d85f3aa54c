import { createHash } from 'node:crypto';
import type { JsonValue } from '@observatory/instrument-sdk';

/** JSON with object keys sorted, so the same content always has the same checksum. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function definitionChecksum(definition: JsonValue): string {
  return createHash('sha256').update(canonicalJson(definition), 'utf8').digest('hex');
}
