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
      reading: 'submission-id',
    });
    expect(columnField(submissions.columns[2], 's.answers')).toMatchObject({
      sql: 'CASE WHEN s.anonymous IS NOT TRUE THEN pa.code END',
      reading: 'code',
    });
  });
});

describe('tableQueries', () => {
  it('selects the key fields first, then the other columns, and maps each column to its field', () => {
    const queries = tableQueries(submissions, filter);
    const fields = selected(queries.rows);
    expect(queries.keyColumns).toEqual([1, 3, 5]);
    expect(fields).toHaveLength(submissions.columns.length);
    submissions.columns.forEach((col, index) =>
      expect(fields[queries.fieldOfColumn[index]]).toBe(columnField(col, 's.answers').sql),
    );
    expect(queries.readings).toEqual([
      'submission-id',
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

  it('writes the rows in a random order drawn by the server, never in a stored order', () => {
    const { rows } = tableQueries(submissions, filter);
    expect(rows).toMatch(/ ORDER BY gen_random_uuid\(\)\) TO STDOUT$/);
    expect(rows).not.toMatch(/ORDER BY s\./);
  });

  it('counts the combinations of the key fields, without joins it does not need', () => {
    const queries = tableQueries(submissions, filter);
    const keys = queries.keyColumns.map(
      (index) => columnField(submissions.columns[index], 's.answers').sql,
    );
    expect(selected(queries.plan)).toEqual([...keys, 'count(*)']);
    expect(queries.plan).toMatch(/ GROUP BY 1, 2, 3\) TO STDOUT$/);
    expect(queries.plan).not.toContain('JOIN');
  });

  it('reads the chosen instrument, versions and campaigns, with quoted literals', () => {
    const { rows } = tableQueries(submissions, filter);
    expect(rows).toContain(
      "WHERE s.instrument_key = 'microobs-mediators' AND s.status = 'COMPLETE' AND s.instrument_version = ANY(ARRAY['1.0.0', '1.1.0']::text[]) AND s.campaign_key = ANY(ARRAY['l''été']::text[])",
    );
    expect(tableQueries(submissions, { ...filter, campaigns: null }).rows).not.toContain(
      'campaign_key',
    );
    expect(tableQueries(submissions, { ...filter, campaigns: [] }).rows).toContain(
      's.campaign_key = ANY(ARRAY[]::text[])',
    );
  });

  it('restricts every statement with the population predicate, when there is one', () => {
    const restricted = { ...filter, population: 's.id IN (SELECT id FROM members)' };
    const queries = [tableQueries(submissions, restricted), tableQueries(people, restricted)];
    const statements = queries.flatMap((q) => [q.plan, q.rows, q.contributors ?? q.plan]);
    for (const sql of statements) expect(sql).toContain('AND (s.id IN (SELECT id FROM members))');
    expect(tableQueries(submissions, filter).rows).not.toContain('members');
  });

  it('gives a block table its items, unlinked, and counts the submissions they come from', () => {
    const queries = tableQueries(people, filter);
    const fields = selected(queries.rows);
    expect(fields).toEqual(["item.value -> 'age'::text", "item.value -> 'need'::text"]);
    expect(queries.rows).toContain(
      "CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(s.answers -> 'visit'::text -> 'people'::text) = 'array' THEN s.answers -> 'visit'::text -> 'people'::text ELSE '[]'::jsonb END) AS item(value)",
    );
    expect(queries.rows).toContain("AND jsonb_typeof(item.value) = 'object'");
    expect(queries.rows).toMatch(/ ORDER BY gen_random_uuid\(\)\) TO STDOUT$/);
    expect(selected(queries.plan)).toEqual(["item.value -> 'age'::text", 'count(*)']);
    expect(queries.plan).toMatch(/ GROUP BY 1\) TO STDOUT$/);
    expect(queries.contributors).toMatch(
      /^SELECT count\(DISTINCT s\.id\)::int AS submissions FROM/,
    );
    expect(queries.contributors).toContain("AND jsonb_typeof(item.value) = 'object'");
  });

  it('counts all rows in one line when a table has no key column', () => {
    const plain: ExportTable = { ...people, columns: people.columns.filter((c) => !c.quasi) };
    const queries = tableQueries(plain, filter);
    expect(selected(queries.plan)).toEqual(['count(*)']);
    expect(queries.plan).not.toContain('GROUP BY');
  });
});
