import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { mergeVersionColumns, type VersionColumns } from './column-merge';
import { contextColumns } from './context-columns';
import type { ExportColumn, ExportLayout, ExportTable } from './export-types';
import { fieldColumns } from './field-columns';
import { scoreColumns } from './score-columns';

export type {
  CellValue,
  ColumnSource,
  ColumnType,
  ContextKey,
  ExportCategory,
  ExportColumn,
  ExportLayout,
  ExportTable,
} from './export-types';

export interface ExportLayoutOptions {
  /** Include `free-text` fields (already scrubbed at submission). */
  verbatims: boolean;
}

interface BlockVersions {
  path: string[];
  title: string;
  versions: VersionColumns[];
}

/**
 * The tables of an export for the chosen versions of one instrument (oldest first):
 * `submissions` (context, answer leaves outside repeats, skills-test scores), then one block table
 * per repeat that is not inside another repeat, holding the item's leaves only (a repeat with no
 * exported leaf has no table). Repeats nested inside a repeat item are left out: only the first
 * level is flattened.
 *
 * Block rows are not linked to their submission (no id, no position): a respondent's blocks
 * would tell apart rows that disclosure control made alike in `submissions`, and a block row
 * would name its respondent. Each block table is protected on its own (export-runner.ts).
 */
export function buildExportLayout(
  definitions: readonly InstrumentDefinition[],
  options: ExportLayoutOptions,
): ExportLayout {
  const answers: VersionColumns[] = [];
  const scores: VersionColumns[] = [];
  const blocks = new Map<string, BlockVersions>();
  for (const definition of definitions) {
    const { columns, repeats } = fieldColumns(definition.fields, options);
    answers.push({ version: definition.version, columns });
    scores.push({ version: definition.version, columns: scoreColumns(definition) });
    for (const repeat of repeats) {
      // The item's own repeats (`.repeats`) are the nested ones this export leaves out.
      const item = fieldColumns(repeat.field.fields, options);
      const key = repeat.path.join('.');
      const block = blocks.get(key) ?? { path: repeat.path, title: repeat.title, versions: [] };
      block.versions.push({ version: definition.version, columns: item.columns });
      blocks.set(key, block);
    }
  }

  const context = contextColumns(definitions);
  const submissions: ExportTable = {
    name: 'submissions',
    title: `Soumissions — ${definitions[0]?.title.fr ?? ''}`.trim(),
    columns: withUniqueNames([
      ...context,
      ...mergeVersionColumns(answers),
      ...mergeVersionColumns(scores),
    ]),
    primaryKey: ['submission_id'],
  };

  const tableNames = new Set([submissions.name]);
  const blockTables = [...blocks.values()].flatMap((block): ExportTable[] => {
    const columns = withUniqueNames(mergeVersionColumns(block.versions));
    if (columns.length === 0) return [];
    const name = uniqueName(block.path.join('_'), tableNames, '_block');
    tableNames.add(name);
    return [{ name, title: block.title, columns, repeatPath: block.path, primaryKey: [] }];
  });

  return { tables: [submissions, ...blockTables] };
}

/**
 * Context and key columns come first and keep their names; an answer leaf that would clash (a
 * top-level field keyed `campaign`, a group `score` with a child `total`) is suffixed `__answer`.
 */
function withUniqueNames(columns: ExportColumn[]): ExportColumn[] {
  const taken = new Set<string>();
  return columns.map((column) => {
    const name = uniqueName(column.name, taken, '__answer');
    taken.add(name);
    return name === column.name ? column : { ...column, name };
  });
}

function uniqueName(name: string, taken: ReadonlySet<string>, suffix: string): string {
  if (!taken.has(name)) return name;
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? `${name}${suffix}` : `${name}${suffix}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
