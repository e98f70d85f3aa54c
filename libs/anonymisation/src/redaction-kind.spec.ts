import { placeholderFor, priorityOf, REDACTION_KINDS } from './redaction-kind';

describe('redaction kinds', () => {
  it('are ordered by overlap priority', () => {
    expect(REDACTION_KINDS).toEqual(['IBAN', 'CARD', 'NIR', 'EMAIL', 'PHONE', 'ADDRESS', 'NAME']);
    expect(REDACTION_KINDS.map(priorityOf)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it.each(REDACTION_KINDS.map((kind) => [kind, `[${kind}]`]))(
    '%s has the placeholder %s',
    (kind, placeholder) => {
      expect(placeholderFor(kind as (typeof REDACTION_KINDS)[number])).toBe(placeholder);
    },
  );
});
