import { loadCorpus, loadHeldOutCorpus } from './evaluation/corpus';
import { compareWithRecord, readRecord } from './evaluation/output-record';
import { SCRUBBER_VERSION } from './scrubber-version';

/**
 * Stored text is scrubbed again only when SCRUBBER_VERSION changes: so the outputs recorded for
 * this version (corpus/scrubbed-v<version>.json) must not change under it. If this fails after a
 * change to the detectors, bump SCRUBBER_VERSION and run `npm run scrubber:eval`, which records
 * the new version's outputs.
 */
describe('SCRUBBER_VERSION', () => {
  const comparison = compareWithRecord(
    [loadCorpus(), loadHeldOutCorpus()].flatMap(({ leaks, ordinary }) => [
      ...leaks.map((leak) => leak.text),
      ...ordinary.map((sentence) => sentence.text),
    ]),
    readRecord(SCRUBBER_VERSION),
  );

  it('changes whenever the scrubber makes something else of a recorded text', () => {
    expect(comparison.changed).toBe(0);
  });

  it('has the output of every corpus text recorded (run npm run scrubber:eval)', () => {
    expect(comparison.missing).toBe(0);
  });
});
