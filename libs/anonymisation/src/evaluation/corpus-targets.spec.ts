import { loadCorpus, loadHeldOutCorpus } from './corpus';
import { documentedTable, readDocument } from './docs-table';
import { evaluate, evaluationTable } from './evaluate';

/**
 * The CI gate of issue 13: the scrubber meets its targets on the French corpus (recall 100 % for
 * checksum-validated identifiers, emails and phones, 95 % for the other kinds; 98 % of ordinary
 * sentences unchanged), and docs/anonymisation.md shows the current figures.
 */
describe('the scrubber on the French corpus', () => {
  const { leaks, ordinary } = loadCorpus();
  const evaluation = evaluate(leaks, ordinary);

  it('holds at least 300 leak cases across every kind, and 300 ordinary sentences', () => {
    expect(leaks.length).toBeGreaterThanOrEqual(300);
    expect(ordinary.length).toBeGreaterThanOrEqual(300);
    for (const result of evaluation.kinds)
      expect([result.kind, result.entities >= 10]).toEqual([result.kind, true]);
  });

  it.each(evaluation.kinds.map((result) => [result.kind, result]))(
    'meets the recall target for %s',
    (_, result) => {
      expect(result.recall).toBeGreaterThanOrEqual(result.target);
    },
  );

  it('leaves at least 98 % of ordinary sentences unchanged', () => {
    expect(evaluation.ordinary.share).toBeGreaterThanOrEqual(evaluation.ordinary.target);
  });

  it('is what docs/anonymisation.md shows (run npm run scrubber:eval after a change)', () => {
    expect(documentedTable(readDocument())).toBe(evaluationTable(evaluation));
    const heldOut = loadHeldOutCorpus();
    expect(documentedTable(readDocument(), 'held-out')).toBe(
      evaluationTable(evaluate(heldOut.leaks, heldOut.ordinary)),
    );
  });
});
