import type { Field, MatrixField, RepeatField } from '@observatory/instrument-sdk';
import type { ExportColumn } from './export-types';
import { leafShape, type LeafSpec } from './leaf-shape';

export interface RepeatBlock {
  /** Key path from the enclosing scope (the answers root, or the repeat item). */
  path: string[];
  title: string;
  field: RepeatField;
}

export interface FieldColumns {
  columns: ExportColumn[];
  /** Repeats met on the way; they get their own table (or are left out when nested). */
  repeats: RepeatBlock[];
}

export interface FieldColumnOptions {
  /** Export `free-text` fields (scrubbed verbatims); `identifier` fields are never exported. */
  verbatims: boolean;
}

const TITLE_SEPARATOR = ' › ';

/**
 * One column per answer leaf: groups flattened with dotted names (`context.placeAndDate.date`),
 * matrix cells as `<matrix>.<row>.<column>`. Repeats are not descended into: they are returned so
 * the caller can give them a table.
 */
export function fieldColumns(fields: readonly Field[], options: FieldColumnOptions): FieldColumns {
  const result: FieldColumns = { columns: [], repeats: [] };
  walk(fields, [], [], options, result);
  return result;
}

function walk(
  fields: readonly Field[],
  path: string[],
  titles: string[],
  options: FieldColumnOptions,
  result: FieldColumns,
): void {
  for (const field of fields) {
    // Identifiers are dropped before storage (a group's with everything inside it).
    if (field.privacy === 'identifier') continue;
    const fieldPath = [...path, field.key];
    const fieldTitles = [...titles, field.label.fr];
    switch (field.type) {
      case 'group':
        walk(field.fields, fieldPath, fieldTitles, options, result);
        break;
      case 'repeat':
        result.repeats.push({ path: fieldPath, title: fieldTitles.join(TITLE_SEPARATOR), field });
        break;
      case 'matrix':
        if (exported(field.privacy, options))
          result.columns.push(...matrixColumns(field, fieldPath, fieldTitles));
        break;
      default:
        if (exported(field.privacy, options)) {
          result.columns.push(
            leafColumn(field, fieldPath, fieldTitles, field.help?.fr, {
              type: field.type,
              privacy: field.privacy,
              generalisation: field.generalisation,
              options: 'options' in field ? field.options : undefined,
            }),
          );
        }
    }
  }
}

function exported(privacy: Field['privacy'], options: FieldColumnOptions): boolean {
  if (privacy === 'identifier') return false;
  return privacy !== 'free-text' || options.verbatims;
}

/** Every cell shares the matrix's privacy class and generalisation. */
function matrixColumns(field: MatrixField, path: string[], titles: string[]): ExportColumn[] {
  const cell = field.cell;
  const spec: LeafSpec = {
    type: cell.type,
    privacy: field.privacy,
    generalisation: field.generalisation,
    options: cell.type === 'single-choice' ? cell.options : undefined,
  };
  return field.rows.flatMap((row) =>
    field.columns.map((column) =>
      leafColumn(
        field,
        [...path, row.key, column.key],
        [...titles, row.label.fr, column.label.fr],
        field.help?.fr,
        spec,
      ),
    ),
  );
}

function leafColumn(
  field: Field,
  path: string[],
  titles: string[],
  help: string | undefined,
  spec: LeafSpec,
): ExportColumn {
  const shape = leafShape(spec);
  const description = [help, ...shape.notes].filter((part): part is string => !!part).join(' ');
  return {
    name: path.join('.'),
    title: titles.join(TITLE_SEPARATOR),
    type: shape.type,
    ...(description ? { description } : {}),
    ...(shape.categories ? { categories: shape.categories } : {}),
    // Any answer but a verbatim is something an attacker may know (see ExportColumn.quasi).
    quasi: field.privacy !== 'free-text',
    ...(field.privacy === 'free-text' ? { verbatim: true as const } : {}),
    source: { kind: 'answer', path, ...(shape.multiple ? { multiple: true } : {}) },
  };
}
