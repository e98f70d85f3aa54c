import fc from 'fast-check';
import { REDACTION_KINDS, type TextSpan } from './redaction-kind';
import { mergeOverlaps } from './span-resolution';

const span = (start: number, end: number, kind: TextSpan['kind']): TextSpan => ({
  start,
  end,
  kind,
});

describe('mergeOverlaps', () => {
  it.each<[string, TextSpan[], TextSpan[]]>([
    [
      'keeps disjoint spans in text order',
      [span(10, 12, 'NAME'), span(0, 3, 'PHONE')],
      [span(0, 3, 'PHONE'), span(10, 12, 'NAME')],
    ],
    [
      'keeps touching spans apart',
      [span(0, 3, 'NAME'), span(3, 6, 'PHONE')],
      [span(0, 3, 'NAME'), span(3, 6, 'PHONE')],
    ],
    [
      'merges overlapping spans into their union',
      [span(0, 10, 'NAME'), span(5, 20, 'ADDRESS')],
      [span(0, 20, 'ADDRESS')],
    ],
    [
      'takes the kind of the longest member',
      [span(0, 16, 'CARD'), span(2, 10, 'PHONE')],
      [span(0, 16, 'CARD')],
    ],
    [
      'breaks ties by kind: CARD over NIR',
      [span(0, 15, 'NIR'), span(0, 15, 'CARD')],
      [span(0, 15, 'CARD')],
    ],
    [
      'breaks ties by kind: PHONE over ADDRESS',
      [span(4, 14, 'ADDRESS'), span(0, 10, 'PHONE')],
      [span(0, 14, 'PHONE')],
    ],
    [
      'merges chains of overlaps',
      [span(0, 4, 'NAME'), span(3, 8, 'NAME'), span(7, 12, 'NAME')],
      [span(0, 12, 'NAME')],
    ],
    ['drops empty spans', [span(3, 3, 'NAME'), span(0, 2, 'PHONE')], [span(0, 2, 'PHONE')]],
    ['handles nothing', [], []],
  ])('%s', (_, input, expected) => {
    expect(mergeOverlaps(input)).toEqual(expected);
  });

  const spans = fc.array(
    fc
      .tuple(fc.nat(60), fc.nat(15), fc.constantFrom(...REDACTION_KINDS))
      .map(([start, length, kind]) => span(start, start + length, kind)),
    { maxLength: 12 },
  );

  it('covers exactly the characters of the input spans, with sorted disjoint spans', () => {
    fc.assert(
      fc.property(spans, (input) => {
        const merged = mergeOverlaps(input);
        for (let i = 1; i < merged.length; i++)
          expect(merged[i].start).toBeGreaterThanOrEqual(merged[i - 1].end);
        for (let offset = 0; offset < 80; offset++) {
          const covered = input.some((s) => s.start <= offset && offset < s.end);
          expect(merged.some((s) => s.start <= offset && offset < s.end)).toBe(covered);
        }
      }),
    );
  });

  it('does not depend on input order and does not touch its input', () => {
    fc.assert(
      fc.property(spans, (input) => {
        const copy = input.map((s) => ({ ...s }));
        const reversed = mergeOverlaps([...input].reverse());
        expect(mergeOverlaps(input)).toEqual(reversed);
        expect(input).toEqual(copy);
      }),
    );
  });
});
