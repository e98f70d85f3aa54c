export * from './export-types';
export { buildExportLayout, type ExportLayoutOptions } from './export-layout';
export { categorised, leafValue, rowsFor, type ExportSubmission } from './row-values';
export { CSV_LINE_END, csvField, csvHeader, csvRow, jsonlRow } from './csv';
export { tableSchema } from './table-schema';
export {
  dataPackageDescriptor,
  type DataPackageInput,
  type DataPackageResourceInput,
} from './data-package';
export { codebookMarkdown, type CodebookMeta } from './codebook';
export { pseudonymFor, pseudonymiser } from './pseudonym';
export { MULTIPLE_SEPARATOR } from './leaf-shape';
