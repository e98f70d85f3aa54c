import type { JsonObject } from '@observatory/instrument-sdk';
import type { ExportTable } from './export-types';
import { tableSchema } from './table-schema';

export interface DataPackageResourceInput {
  table: ExportTable;
  /** Path of the CSV file relative to `datapackage.json`. */
  path: string;
  bytes: number;
  /** Hex SHA-256 of the file. */
  sha256: string;
  rows: number;
}

export interface DataPackageInput {
  name: string;
  title: string;
  resources: DataPackageResourceInput[];
  /** Where the data comes from (instrument versions, checksums, campaign, disclosure rules…). */
  provenance: JsonObject;
  /** RFC 3339 date-time. */
  created: string;
}

const LICENSE = {
  name: 'etalab-2.0',
  path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
  title: 'Licence Ouverte / Open Licence 2.0',
};

/**
 * A Tabular Data Package (Frictionless v1) descriptor for CSV files written by `csvRow`. The
 * dialect is stated so readers do not sniff the delimiter (a `|` in multiple choices could fool
 * them). Provenance goes in the custom `observatory` property; each resource's row count in its
 * own `observatory.rows`.
 */
export function dataPackageDescriptor(input: DataPackageInput): JsonObject {
  return {
    profile: 'tabular-data-package',
    name: packageName(input.name),
    title: input.title,
    created: input.created,
    licenses: [{ ...LICENSE }],
    resources: input.resources.map((resource): JsonObject => ({
      profile: 'tabular-data-resource',
      name: packageName(resource.table.name),
      title: resource.table.title,
      path: resource.path,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      hash: `sha256:${resource.sha256.toLowerCase()}`,
      bytes: resource.bytes,
      dialect: {
        delimiter: ',',
        lineTerminator: '\r\n',
        quoteChar: '"',
        doubleQuote: true,
        header: true,
      },
      schema: tableSchema(resource.table),
      observatory: { rows: resource.rows },
    })),
    observatory: input.provenance,
  };
}

/** Names allow lower-case letters, digits, `.`, `_`, `-` and `/` only. */
function packageName(name: string): string {
  const cleaned = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^-a-z0-9._/]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned || 'export';
}
