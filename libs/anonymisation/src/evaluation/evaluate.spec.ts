import { parseLeakCase, parseLeakCorpus, parseOrdinaryCorpus } from './corpus';
import { evaluate, evaluationTable } from './evaluate';
import type { SpanDetector } from '../detection';

describe('parseLeakCase', () => {
  it('removes the marks and locates each value in the text', () => {
    expect(parseLeakCase('Appeler {{PHONE:06 12}} ou {{NAME:Léa}}.')).toEqual({
      line: 0,
      text: 'Appeler 06 12 ou Léa.',
      entities: [
        { start: 8, end: 13, kind: 'PHONE' },
        { start: 17, end: 20, kind: 'NAME' },
      ],
    });
  });

  it('reads \\u escapes, so invisible characters can be reviewed', () => {
    expect(parseLeakCase('{{PHONE:06\\u202f12}}').text).toBe('06\u202f12');
  });

  it.each(['{{FAX:01}}', 'a {{PHONE:06', 'a }} b'])('refuses %p', (line) => {
    expect(() => parseLeakCase(line, 3)).toThrow(/line 3/);
  });

  it('skips comments and blank lines and numbers the others', () => {
    expect(parseLeakCorpus('# c\n\n{{NAME:Léa}}\n').map((c) => c.line)).toEqual([3]);
    expect(parseOrdinaryCorpus('# c\nUne note.\n')).toEqual([{ line: 2, text: 'Une note.' }]);
  });
});

describe('evaluate', () => {
  // A fake scrubber: redacts `06 12` and the word `chat`.
  const detect: SpanDetector = (text) => {
    const spans = [];
    for (const [value, kind] of [
      ['06 12', 'PHONE'],
      ['chat', 'NAME'],
    ] as const) {
      const at = text.indexOf(value);
      if (at >= 0) spans.push({ start: at, end: at + value.length, kind });
    }
    return spans;
  };
  const leaks = parseLeakCorpus('{{PHONE:06 12}} et {{NAME:Léa}}\n{{PHONE:06 12}} !');
  const ordinary = parseOrdinaryCorpus('Le chat dort.\nRien.');
  const evaluation = evaluate(leaks, ordinary, detect);

  it('counts an entity caught only when every letter and digit is redacted', () => {
    const phone = evaluation.kinds.find((k) => k.kind === 'PHONE')!;
    const name = evaluation.kinds.find((k) => k.kind === 'NAME')!;
    expect(phone).toMatchObject({ entities: 2, caught: 2, recall: 1, met: true });
    expect(name).toMatchObject({ entities: 1, caught: 0, recall: 0, met: false });
    expect(evaluation.missed).toEqual([{ kind: 'NAME', line: 1 }]);
  });

  it('counts detections on ordinary sentences against precision and the share unchanged', () => {
    const name = evaluation.kinds.find((k) => k.kind === 'NAME')!;
    expect(name).toMatchObject({ detections: 1, correct: 0, precision: 0 });
    expect(evaluation.ordinary).toMatchObject({
      sentences: 2,
      unchanged: 1,
      share: 0.5,
      met: false,
    });
    expect(evaluation.changed).toEqual([1]);
    expect(evaluation.met).toBe(false);
  });

  it('prints a table per kind and a line for ordinary sentences', () => {
    const table = evaluationTable(evaluation);
    expect(table).toContain('| PHONE | 2 | 2 | 100 % | 100 % | 2 | 100 % | yes |');
    expect(table).toContain(
      'Ordinary sentences left unchanged: 1 of 2 (50 %; target 98 %: **not met**).',
    );
  });
});
