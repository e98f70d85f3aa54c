import type { JsonObject, JsonValue } from '@observatory/instrument-sdk';
import type { ExportColumn, ExportTable } from './export-types';
import { MASKED as MASKED_VALUE } from '../local-suppression';

/**
 * A Frictionless Table Schema v1 for a table. v1 has no categories: a single-valued categorical
 * column gets `constraints.enum` (validated) plus a field-level `categories` list of
 * `{ value, label }` — the v2 spelling, an ignored custom property for v1 readers — and a
 * multiple-choice column (a `|`-joined string, no enum possible) gets `itemCategories` (our
 * extension, same shape). `missingValues` is `['']`, plus `'*'` (masked by disclosure control)
 * in tables holding quasi-identifiers.
 */
export function tableSchema(table: ExportTable): JsonObject {
  const schema: JsonObject = {
    fields: table.columns.map(fieldDescriptor),
    missingValues: table.columns.some((column) => column.quasi) ? ['', MASKED_VALUE] : [''],
    // An empty primaryKey is not valid Table Schema: leave it out (e.g. the aggregates table).
    ...(table.primaryKey.length ? { primaryKey: table.primaryKey } : {}),
  };
  if (table.foreignKey) {
    schema.foreignKeys = [
      {
        fields: table.foreignKey.fields,
        reference: {
          resource: table.foreignKey.reference.resource,
          fields: table.foreignKey.reference.fields,
        },
      },
    ];
  }
  return schema;
}

function fieldDescriptor(column: ExportColumn): JsonObject {
  const field: JsonObject = { name: column.name, type: column.type, title: column.title };
  if (column.description) field.description = column.description;
  if (column.categories) {
    const labelled: JsonValue = column.categories.map(({ value, label }) => ({ value, label }));
    const multiple = column.source.kind === 'answer' && column.source.multiple === true;
    if (multiple) {
      field.itemCategories = labelled;
    } else {
      field.constraints = { enum: column.categories.map((category) => category.value) };
      field.categories = labelled;
    }
  }
  return field;
}
