import { createHash } from 'node:crypto';
import { loadCorpus } from './evaluation/corpus';
import { scrubFreeText } from './free-text-scrubber';
import { SCRUBBER_VERSION } from './scrubber-version';

/**
 * What the scrubber makes of the whole corpus, as a hash. A change to the detectors that changes
 * any output changes it: then bump SCRUBBER_VERSION (stored text will be scrubbed again with the
 * new version) and record the new fingerprint here, with the version.
 */
const FINGERPRINTS: Readonly<Record<number, string>> = {
  2: 'c5b1ad9aa918e18812aba94ce4bf437bca95cbc972a7a1b6f9ab67b3dcad1846',
};

describe('SCRUBBER_VERSION', () => {
  it('names the scrubber that produces the corpus outputs it was recorded with', () => {
    const { leaks, ordinary } = loadCorpus();
    const hash = createHash('sha256');
    for (const text of [...leaks.map((leak) => leak.text), ...ordinary.map((o) => o.text)]) {
      hash.update(`${scrubFreeText(text).text}\n`);
    }
    expect({ version: SCRUBBER_VERSION, fingerprint: hash.digest('hex') }).toEqual({
      version: SCRUBBER_VERSION,
      fingerprint: FINGERPRINTS[SCRUBBER_VERSION],
    });
  });
});
