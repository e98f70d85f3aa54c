import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { JsonObject } from '@observatory/instrument-sdk';
import type { StoredRedaction } from '@observatory/persistence';

/** The purpose of the key pooled answers are sealed with (`derivedKey(config, purpose)`). */
export const POOL_KEY_PURPOSE = 'anonymous-pool';

/** Where a pooled answer waits: what the mixing groups by, in clear, and binds to the seal. */
export interface PoolAddress {
  campaignKey: string;
  instrumentKey: string;
  phaseKey: string | null;
  version: string;
}

/** An answer waiting to be mixed: everything its `submission` row will hold of its own. */
export interface PooledAnswer {
  id: string;
  answers: JsonObject;
  derived: JsonObject;
  redactions: StoredRedaction[];
  /** The scrubber version that scrubbed the answers (absent in answers pooled before it was kept). */
  scrubberVersion?: number;
  branch: string | null;
  respondentRole: string | null;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const LENGTH_BYTES = 4;
/** Sealed answers are padded to 4 KiB, or the next power of two: their length says little. */
export const MIN_PADDED_BYTES = 4096;

/**
 * AES-256-GCM under a key the database never holds: whoever reads the pool table (the
 * application's database user included) sees neither the answers nor the cohort chosen, and cannot
 * match a pooled row with the `submission` row it becomes. The plaintext is padded so that its
 * length does not single it out; the address is authenticated, so a row moved to another pool
 * does not open.
 */
export function sealAnswer(key: Buffer, address: PoolAddress, answer: PooledAnswer): Buffer {
  const json = Buffer.from(JSON.stringify(answer), 'utf8');
  const plain = Buffer.alloc(paddedLength(json.length + LENGTH_BYTES));
  plain.writeUInt32BE(json.length, 0);
  json.copy(plain, LENGTH_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(addressBytes(address));
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

/** Throws when the key or the address is not the one it was sealed with, or it was altered. */
export function openAnswer(key: Buffer, address: PoolAddress, sealed: Buffer): PooledAnswer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(addressBytes(address));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const plain = Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]);
  const length = plain.readUInt32BE(0);
  return JSON.parse(plain.subarray(LENGTH_BYTES, LENGTH_BYTES + length).toString('utf8'));
}

export function paddedLength(bytes: number): number {
  let padded = MIN_PADDED_BYTES;
  while (padded < bytes) padded *= 2;
  return padded;
}

function addressBytes(address: PoolAddress): Buffer {
  return Buffer.from(
    JSON.stringify([address.campaignKey, address.instrumentKey, address.phaseKey, address.version]),
    'utf8',
  );
}
