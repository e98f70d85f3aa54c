export * from './export-types';
export { buildExportLayout, type ExportLayoutOptions } from './export-layout';
export {
  categorised,
  leafValue,
  selectedValues,
  selectionsFor,
  rowsFor,
  type ExportSubmission,
} from './row-values';
export { CSV_LINE_END, csvField, csvHeader, csvRow, jsonlRow, type JsonCell } from './csv';
export { MEDIA_TYPES, UTF8_BOM, withCharset } from './media-types';
export { jsonLineSchema } from './json-line-schema';
export { tableSchema } from './table-schema';
export {
  dataPackageDescriptor,
  type DataPackageInput,
  type DataPackageResourceInput,
} from './data-package';
export { codebookMarkdown, type CodebookMeta } from './codebook';
export { pseudonymFor, pseudonymiser } from './pseudonym';
export { MULTIPLE_SEPARATOR } from './leaf-shape';
