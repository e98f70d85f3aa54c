import { placeholderFor, priorityOf, REDACTION_KINDS } from './redaction-kind';

describe('redaction kinds', () => {
  it('are ordered by overlap priority', () => {
    // Checksum-validated kinds first, names last.
    expect(REDACTION_KINDS).toEqual([
      'IBAN',
      'CARD',
      'NIR',
      'TAX_ID',
      'EMAIL',
      'URL',
      'PHONE',
      'PASSPORT',
      'ID_CARD',
      'CAF',
      'PLATE',
      'BIRTHDATE',
      'HANDLE',
      'SECRET',
      'ADDRESS',
      'NAME',
    ]);
    expect(REDACTION_KINDS.map(priorityOf)).toEqual(REDACTION_KINDS.map((_, index) => index));
  });

  it.each(REDACTION_KINDS.map((kind) => [kind, `[${kind}]`]))(
    '%s has the placeholder %s',
    (kind, placeholder) => {
      expect(placeholderFor(kind as (typeof REDACTION_KINDS)[number])).toBe(placeholder);
    },
  );
});
