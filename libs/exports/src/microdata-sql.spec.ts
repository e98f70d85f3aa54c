import type { ExportColumn, ExportTable } from './format';
import { columnField, sqlText, tableQueries, type MicrodataFilter } from './microdata-sql';

const column = (name: string, source: ExportColumn['source'], quasi = false): ExportColumn => ({
  name,
  title: name,
  type: 'string',
  quasi,
  source,
});

const submissions: ExportTable = {
  name: 'submissions',
  title: 'Soumissions',
  primaryKey: ['submission_id'],
  columns: [
    column('submission_id', { kind: 'context', key: 'submission_id' }),
    column('branch', { kind: 'context', key: 'branch' }, true),
    column('participant', { kind: 'context', key: 'participant' }),
    column('submitted_month', { kind: 'context', key: 'submitted_month' }, true),
    column('context.place', { kind: 'answer', path: ['context', 'place'] }),
    column('ageBand', { kind: 'answer', path: ['ageBand'] }, true),
    column('tools', { kind: 'answer', path: ['tools'], multiple: true }),
    column('score.total', { kind: 'derived', path: ['total', 'score'] }),
  ],
};

const people: ExportTable = {
  name: 'people',
  title: 'Personnes',
  primaryKey: [],
  repeatPath: ['visit', 'people'],
  columns: [
    column('age', { kind: 'answer', path: ['age'] }, true),
    column('need', { kind: 'answer', path: ['need'] }),
  ],
};

const KEY = { rowIdKey: 'row-id-key', hashSeed: 42 };
const filter: MicrodataFilter = {
  instrumentKey: 'microobs-mediators',
  versions: ['1.0.0', '1.1.0'],
  campaigns: ["l'été"],
};

/** The select list of a `COPY (SELECT … FROM …) TO STDOUT`, split at its top-level commas. */
function selected(sql: string): string[] {
  const list = sql.slice('COPY (SELECT '.length, sql.indexOf(' FROM submission s'));
  const fields: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const char = list[i];
    if (char === "'") quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') depth -= 1;
    else if (!quoted && depth === 0 && char === ',' && list[i + 1] === ' ') {
      fields.push(list.slice(start, i));
      start = i + 2;
    }
  }
  return [...fields, list.slice(start)];
}

describe('sqlText', () => {
  it('quotes a literal whatever standard_conforming_strings says', () => {
    expect(sqlText('plain')).toBe("'plain'");
    expect(sqlText("l'été")).toBe("'l''été'");
    expect(sqlText('a\\b')).toBe("E'a\\\\b'");
    expect(sqlText("\\'")).toBe("E'\\\\'''");
    expect(() => sqlText('a\0b')).toThrow(/NUL/);
  });
});

describe('columnField', () => {
  it('walks answers key by key (never as array indexes) and keeps jsonb as jsonb', () => {
    expect(columnField(submissions.columns[4], 's.answers')).toEqual({
      sql: "s.answers -> 'context'::text -> 'place'::text",
      reading: 'json',
    });
    expect(columnField(submissions.columns[7], 'item.value').sql).toBe(
      "s.derived -> 'total'::text -> 'score'::text",
    );
    expect(columnField(people.columns[0], 'item.value').sql).toBe("item.value -> 'age'::text");
  });

  it('reads pseudonymised context as codes to pseudonymise, never for anonymous rows', () => {
    expect(columnField(submissions.columns[0], 's.answers')).toEqual({
      sql: 's.id',
      reading: 'row-id',
    });
    expect(columnField(submissions.columns[2], 's.answers')).toMatchObject({
      sql: 'CASE WHEN s.anonymous IS NOT TRUE THEN pa.code END',
      reading: 'code',
    });
  });
});

describe('tableQueries', () => {
  it('selects the hash of the key fields, then the other columns, and maps each column to its field', () => {
    const queries = tableQueries(submissions, filter, KEY);
    const fields = selected(queries.rows);
    expect(queries.keyColumns).toEqual([1, 3, 5]);
    const keys = queries.keyColumns.map(
      (index) => columnField(submissions.columns[index], 's.answers').sql,
    );
    expect(fields[0]).toBe(`hash_record_extended(ROW(${keys.join(', ')}), 42)`);
    expect(fields).toHaveLength(1 + submissions.columns.length - 3);
    submissions.columns.forEach((col, index) => {
      if (queries.keyColumns.includes(index)) expect(queries.fieldOfColumn[index]).toBe(-1);
      else if (index > 0)
        expect(fields[queries.fieldOfColumn[index]]).toBe(columnField(col, 's.answers').sql);
    });
    expect(queries.readings).toEqual([
      'row-id',
      'text',
      'code',
      'date',
      'json',
      'json',
      'json',
      'json',
    ]);
    expect(queries.rows).toContain('LEFT JOIN participant pa ON pa.id = s.participant_id');
    expect(queries.rows).not.toContain('LEFT JOIN pair');
    expect(queries.contributors).toBeUndefined();
  });

  it('makes row ids in the database from the export key, never sending a stored id', () => {
    const queries = tableQueries(submissions, filter, { rowIdKey: "it's a key", hashSeed: 1 });
    expect(selected(queries.rows)[queries.fieldOfColumn[0]]).toBe(
      "'p_' || left(encode(sha256(convert_to('it''s a key' || s.id::text, 'UTF8')), 'hex'), 20)",
    );
    expect(selected(queries.rows)).not.toContain('s.id');
  });

  it('writes the rows in a random order drawn by the server, never in a stored order', () => {
    const { rows } = tableQueries(submissions, filter, KEY);
    expect(rows).toMatch(/ ORDER BY gen_random_uuid\(\)\) TO STDOUT$/);
    expect(rows).not.toMatch(/ORDER BY s\./);
  });

  it('counts the combinations of the key fields, without joins it does not need', () => {
    const queries = tableQueries(submissions, filter, KEY);
    const keys = queries.keyColumns.map(
      (index) => columnField(submissions.columns[index], 's.answers').sql,
    );
    const hash = selected(queries.rows)[0];
    // The hash of each group, from its fields as grouped.
    expect(selected(queries.plan)).toEqual([...keys, hash, 'count(*)']);
    expect(queries.plan).toMatch(/ GROUP BY 1, 2, 3\) TO STDOUT$/);
    expect(() => tableQueries(submissions, filter, { ...KEY, hashSeed: 0.5 })).toThrow(/seed/);
    expect(queries.plan).not.toContain('JOIN');
  });

  it('reads the chosen instrument, versions and campaigns, with quoted literals', () => {
    const { rows } = tableQueries(submissions, filter, KEY);
    expect(rows).toContain(
      "WHERE s.instrument_key = 'microobs-mediators' AND s.status = 'COMPLETE' AND s.instrument_version = ANY(ARRAY['1.0.0', '1.1.0']::text[]) AND s.campaign_key = ANY(ARRAY['l''été']::text[])",
    );
    expect(tableQueries(submissions, { ...filter, campaigns: null }, KEY).rows).not.toContain(
      'campaign_key',
    );
    expect(tableQueries(submissions, { ...filter, campaigns: [] }, KEY).rows).toContain(
      's.campaign_key = ANY(ARRAY[]::text[])',
    );
  });

  it('restricts every statement with the population predicate, when there is one', () => {
    const restricted = { ...filter, population: 's.id IN (SELECT id FROM members)' };
    const queries = [
      tableQueries(submissions, restricted, KEY),
      tableQueries(people, restricted, KEY),
    ];
    const statements = queries.flatMap((q) => [q.plan, q.rows, q.contributors ?? q.plan]);
    for (const sql of statements) expect(sql).toContain('AND (s.id IN (SELECT id FROM members))');
    expect(tableQueries(submissions, filter, KEY).rows).not.toContain('members');
  });

  it('gives a block table its items, unlinked, and counts the submissions they come from', () => {
    const queries = tableQueries(people, filter, KEY);
    const fields = selected(queries.rows);
    expect(fields).toEqual([
      "hash_record_extended(ROW(item.value -> 'age'::text), 42)",
      "item.value -> 'need'::text",
    ]);
    expect(queries.rows).toContain(
      "CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(s.answers -> 'visit'::text -> 'people'::text) = 'array' THEN s.answers -> 'visit'::text -> 'people'::text ELSE '[]'::jsonb END) AS item(value)",
    );
    expect(queries.rows).toContain("AND jsonb_typeof(item.value) = 'object'");
    expect(queries.rows).toMatch(/ ORDER BY gen_random_uuid\(\)\) TO STDOUT$/);
    expect(selected(queries.plan)).toEqual(["item.value -> 'age'::text", fields[0], 'count(*)']);
    expect(queries.plan).toMatch(/ GROUP BY 1\) TO STDOUT$/);
    expect(queries.contributors).toMatch(
      /^SELECT count\(DISTINCT s\.id\)::int AS submissions FROM/,
    );
    expect(queries.contributors).toContain("AND jsonb_typeof(item.value) = 'object'");
  });

  it('counts all rows in one line when a table has no key column', () => {
    const plain: ExportTable = { ...people, columns: people.columns.filter((c) => !c.quasi) };
    const queries = tableQueries(plain, filter, KEY);
    expect(selected(queries.plan)).toEqual(['0', 'count(*)']);
    expect(queries.plan).not.toContain('GROUP BY');
  });
});
