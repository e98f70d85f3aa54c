import type { ExportColumn, ExportLayout, ExportTable } from './export-types';
import { MASKED as MASKED_VALUE } from '../local-suppression';
import { MULTIPLE_SEPARATOR } from './leaf-shape';

export interface CodebookMeta {
  title: string;
  instrumentVersions: { version: string; checksum: string }[];
  campaign: string | null;
  generatedAt: string;
  /** Disclosure rules applied, in plain words. */
  disclosure: string[];
  suppressedRows: number;
  suppressedCells: number;
}

/**
 * The human-readable dictionary shipped beside the CSV files (French, with English headings):
 * for every table and column its name, label, type, quasi-identifier flag and labelled categories.
 */
export function codebookMarkdown(layout: ExportLayout, meta: CodebookMeta): string {
  const lines: string[] = [
    `# ${inline(meta.title)}`,
    '',
    '## Provenance',
    '',
    `- Campagne / Campaign : ${meta.campaign === null ? 'toutes / all' : code(meta.campaign)}`,
    `- Généré le / Generated at : ${inline(meta.generatedAt)}`,
    '- Versions de l’instrument / Instrument versions :',
    ...meta.instrumentVersions.map(
      (entry) => `  - ${code(entry.version)} — SHA-256 ${code(entry.checksum)}`,
    ),
    '',
    '## Contrôle de la divulgation / Disclosure control',
    '',
    ...(meta.disclosure.length > 0
      ? meta.disclosure.map((rule) => `- ${inline(rule)}`)
      : ['- Aucune règle appliquée / No rule applied']),
    `- Lignes supprimées / Suppressed rows : ${meta.suppressedRows}`,
    `- Cellules masquées / Suppressed cells : ${meta.suppressedCells}`,
    '',
    '## Conventions',
    '',
    '- Fichiers CSV UTF-8 (RFC 4180, séparateur virgule) / UTF-8 CSV files (RFC 4180, comma).',
    '- Cellule vide : non répondu / Empty cell: no answer.',
    `- ${code(MASKED_VALUE)} : valeur masquée par le contrôle de la divulgation / value masked by disclosure control.`,
    `- Choix multiples : valeurs jointes par ${code(MULTIPLE_SEPARATOR)} / Multiple choices: values joined by ${code(MULTIPLE_SEPARATOR)}.`,
    '- Les lignes des tables de blocs ne sont pas reliées à leur soumission, et l’ordre des lignes est aléatoire / Block rows are not linked to their submission, and rows are in a random order.',
    '',
  ];
  for (const table of layout.tables) lines.push(...tableSection(table));
  return lines.join('\n');
}

function tableSection(table: ExportTable): string[] {
  const lines = [
    `## Table ${code(table.name)} — ${inline(table.title)}`,
    '',
    `Clé primaire / Primary key : ${table.primaryKey.length ? table.primaryKey.map(code).join(', ') : 'aucune / none'}`,
    '',
    '| Colonne / Column | Libellé / Label | Type | Quasi-identifiant / Quasi-identifier | Description |',
    '| --- | --- | --- | --- | --- |',
    ...table.columns.map(
      (column) =>
        `| ${code(column.name)} | ${cellText(column.title)} | ${column.type} | ${column.quasi ? 'oui / yes' : 'non / no'} | ${cellText(column.description ?? '')} |`,
    ),
    '',
  ];
  for (const column of table.columns) lines.push(...categoriesSection(column));
  return lines;
}

function categoriesSection(column: ExportColumn): string[] {
  if (!column.categories || column.categories.length === 0) return [];
  return [
    `### Modalités / Categories : ${code(column.name)}`,
    '',
    ...column.categories.map((category) => `- ${code(category.value)} : ${inline(category.label)}`),
    '',
  ];
}

/** Labels come from definitions: keep them on one line. */
function inline(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A pipe would split a Markdown table cell. */
function cellText(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

/** A code span long enough not to be closed by backticks inside the text. */
function code(text: string): string {
  const longest = Math.max(0, ...(inline(text).match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded =
    inline(text).startsWith('`') || inline(text).endsWith('`') ? ` ${inline(text)} ` : inline(text);
  return `${fence}${padded}${fence}`;
}
