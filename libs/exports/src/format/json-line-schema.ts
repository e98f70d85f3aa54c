import type { JsonObject, JsonValue } from '@observatory/instrument-sdk';
import { MASKED as MASKED_VALUE } from '../local-suppression';
import type { ExportColumn, ExportTable } from './export-types';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * The JSON Schema (2020-12) of one line of a table's JSON Lines file, written beside it as
 * `<table>.schema.json`: every column present, `null` for no answer, a multiple choice as an
 * array of its selected option values, categories as enums (labels in `x-categories`), and `"*"`
 * where disclosure control masked a quasi-identifier.
 */
export function jsonLineSchema(table: ExportTable): JsonObject {
  const properties: JsonObject = {};
  for (const column of table.columns) properties[column.name] = columnSchema(column);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: table.title,
    description: `Une ligne de ${table.name}.jsonl`,
    type: 'object',
    properties,
    required: table.columns.map((column) => column.name),
    additionalProperties: false,
  };
}

function columnSchema(column: ExportColumn): JsonObject {
  const multiple = column.source.kind === 'answer' && column.source.multiple === true;
  const values = column.categories?.map((category) => category.value);
  let value: JsonObject;
  if (multiple) {
    value = {
      type: 'array',
      items: values ? { enum: values } : { type: 'string' },
      minItems: 1,
    };
  } else if (values) {
    value = { enum: values };
  } else {
    value = typeSchema(column.type);
  }
  const alternatives: JsonValue[] = [value, { type: 'null' }];
  if (column.quasi) alternatives.push({ const: MASKED_VALUE });
  const schema: JsonObject = { title: column.title, anyOf: alternatives };
  if (column.description) schema.description = column.description;
  if (column.categories) {
    schema['x-categories'] = column.categories.map(({ value: v, label }) => ({ value: v, label }));
  }
  return schema;
}

function typeSchema(type: ExportColumn['type']): JsonObject {
  switch (type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return { type };
    case 'date':
      return { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
    case 'yearmonth':
      return { type: 'string', pattern: '^\\d{4}-\\d{2}$' };
  }
}
