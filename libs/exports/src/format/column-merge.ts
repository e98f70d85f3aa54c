import type { ExportCategory, ExportColumn } from './export-types';

export interface VersionColumns {
  /** Semver of the definition the columns come from, e.g. `2.1.0`. */
  version: string;
  columns: ExportColumn[];
}

/**
 * One column list for several versions, oldest first. A column is matched across versions by name
 * (its key path). The first version's type wins; a later version whose type differs (or that turns
 * a single choice into a multiple one, or a choice into free text) gets its own column `<name>__v<major>` (`__v<x_y_z>` if two
 * versions of one major disagree). Categories are united (a value added in a later version must
 * stay valid) and a column is quasi if any version says so. New columns are appended in order.
 */
export function mergeVersionColumns(versions: readonly VersionColumns[]): ExportColumn[] {
  const merged: ExportColumn[] = [];
  const byName = new Map<string, ExportColumn>();
  for (const { version, columns } of versions) {
    const major = version.split('.')[0];
    for (const column of columns) {
      const names = [
        column.name,
        `${column.name}__v${major}`,
        `${column.name}__v${version.replace(/\./g, '_')}`,
      ];
      for (const name of names) {
        const existing = byName.get(name);
        if (existing === undefined) {
          const added = { ...column, name };
          byName.set(name, added);
          merged.push(added);
          break;
        }
        if (signature(existing) === signature(column)) {
          mergeInto(existing, column);
          break;
        }
      }
    }
  }
  return merged;
}

/**
 * What must agree for two versions to share a column: the written type, its encoding, and whether
 * it is categorical (a choice turned free text would break the merged column's enum).
 */
function signature(column: ExportColumn): string {
  const multiple = column.source.kind === 'answer' && column.source.multiple === true;
  return `${column.type}${multiple ? '[]' : ''}${column.categories ? '{}' : ''}`;
}

function mergeInto(target: ExportColumn, later: ExportColumn): void {
  target.quasi = target.quasi || later.quasi;
  if (target.categories && later.categories) {
    target.categories = unite(target.categories, later.categories);
  }
}

function unite(first: ExportCategory[], second: ExportCategory[]): ExportCategory[] {
  const seen = new Set(first.map((category) => category.value));
  return [...first, ...second.filter((category) => !seen.has(category.value))];
}
