import fc from 'fast-check';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  MIN_PADDED_BYTES,
  openAnswer,
  paddedLength,
  sealAnswer,
  type PoolAddress,
  type PooledAnswer,
} from './sealed-answer';

const key = randomBytes(32);
const address: PoolAddress = {
  campaignKey: 'techess-2023',
  instrumentKey: 'techess-pic-test',
  phaseKey: 'seminar',
  version: '1.0.0',
};
const answer = (answers: PooledAnswer['answers'] = { item01: 'a' }): PooledAnswer => ({
  id: randomUUID(),
  answers,
  derived: { total: { score: 1, max: 20 } },
  redactions: [],
  branch: 'insertion',
  respondentRole: 'MEDIATOR',
});

describe('sealed pooled answers', () => {
  it('open to what was sealed, under the same key and address', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (answers) => {
        const pooled = answer(answers as PooledAnswer['answers']);
        expect(openAnswer(key, address, sealAnswer(key, address, pooled))).toEqual(
          JSON.parse(JSON.stringify(pooled)),
        );
      }),
    );
  });

  it('show nothing of the answers, and differ each time the same answer is sealed', () => {
    const pooled = answer({ item01: 'unmistakable-value' });
    const first = sealAnswer(key, address, pooled);
    expect(first.toString('latin1')).not.toMatch(/unmistakable|insertion|MEDIATOR/);
    expect(first.equals(sealAnswer(key, address, pooled))).toBe(false);
  });

  it('have the same length whatever small answers they hold', () => {
    const short = sealAnswer(key, address, answer({ a: 'b' }));
    const longer = sealAnswer(key, address, answer({ a: 'b'.repeat(3000), c: [1, 2, 3] }));
    expect(short.length).toBe(longer.length);
    expect(short.length).toBe(12 + 16 + MIN_PADDED_BYTES);
  });

  it('pad to 4 KiB, then to powers of two', () => {
    expect(paddedLength(1)).toBe(4096);
    expect(paddedLength(4096)).toBe(4096);
    expect(paddedLength(4097)).toBe(8192);
    expect(paddedLength(70000)).toBe(131072);
  });

  it('do not open under another key, at another address, or altered', () => {
    const sealed = sealAnswer(key, address, answer());
    expect(() => openAnswer(randomBytes(32), address, sealed)).toThrow();
    expect(() => openAnswer(key, { ...address, phaseKey: 'day1' }, sealed)).toThrow();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] ^= 1;
    expect(() => openAnswer(key, address, altered)).toThrow();
  });
});
