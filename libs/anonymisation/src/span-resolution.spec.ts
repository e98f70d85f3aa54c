import fc from 'fast-check';
import { REDACTION_KINDS, type TextSpan } from './redaction-kind';
import { resolveOverlaps } from './span-resolution';

const span = (start: number, end: number, kind: TextSpan['kind']): TextSpan => ({
  start,
  end,
  kind,
});

describe('resolveOverlaps', () => {
  it.each<[string, TextSpan[], TextSpan[]]>([
    [
      'keeps disjoint spans in text order',
      [span(5, 8, 'NAME'), span(0, 3, 'EMAIL')],
      [span(0, 3, 'EMAIL'), span(5, 8, 'NAME')],
    ],
    [
      'keeps touching spans',
      [span(0, 3, 'NAME'), span(3, 6, 'NAME')],
      [span(0, 3, 'NAME'), span(3, 6, 'NAME')],
    ],
    ['prefers the longest span', [span(0, 10, 'NAME'), span(2, 6, 'IBAN')], [span(0, 10, 'NAME')]],
    [
      'breaks ties by kind: CARD over NIR',
      [span(0, 15, 'NIR'), span(0, 15, 'CARD')],
      [span(0, 15, 'CARD')],
    ],
    [
      'breaks ties by kind: PHONE over ADDRESS',
      [span(3, 9, 'ADDRESS'), span(0, 6, 'PHONE')],
      [span(0, 6, 'PHONE')],
    ],
    [
      'breaks remaining ties by position',
      [span(4, 8, 'NAME'), span(0, 4, 'NAME'), span(2, 6, 'NAME')],
      [span(0, 4, 'NAME'), span(4, 8, 'NAME')],
    ],
    ['drops empty spans', [span(3, 3, 'NAME')], []],
    ['handles nothing', [], []],
  ])('%s', (_, input, expected) => {
    expect(resolveOverlaps(input)).toEqual(expected);
  });

  const spansArbitrary = fc.array(
    fc
      .tuple(fc.nat(50), fc.integer({ min: 1, max: 15 }), fc.constantFrom(...REDACTION_KINDS))
      .map(([start, length, kind]) => span(start, start + length, kind)),
    { maxLength: 20 },
  );

  it('returns sorted, disjoint spans taken from the input', () => {
    fc.assert(
      fc.property(spansArbitrary, (spans) => {
        const kept = resolveOverlaps(spans);
        for (let i = 1; i < kept.length; i++)
          expect(kept[i].start).toBeGreaterThanOrEqual(kept[i - 1].end);
        for (const item of kept) expect(spans).toContainEqual(item);
      }),
    );
  });

  it('drops a span only for an overlapping kept span at least as long', () => {
    fc.assert(
      fc.property(spansArbitrary, (spans) => {
        const kept = resolveOverlaps(spans);
        const isKept = (item: TextSpan): boolean =>
          kept.some(
            (other) =>
              other.start === item.start && other.end === item.end && other.kind === item.kind,
          );
        for (const dropped of spans.filter((item) => !isKept(item))) {
          const blocked = kept.some(
            (item) =>
              item.start < dropped.end &&
              dropped.start < item.end &&
              item.end - item.start >= dropped.end - dropped.start,
          );
          expect(blocked).toBe(true);
        }
      }),
    );
  });

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(spansArbitrary, (spans) => {
        expect(resolveOverlaps([...spans].reverse())).toEqual(resolveOverlaps(spans));
      }),
    );
  });
});
