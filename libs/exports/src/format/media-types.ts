/**
 * The media types of export files, as the download route and the push deliveries send them. Text
 * files say their charset: without it, browsers and spreadsheet software guess (and French Excel
 * guesses Windows-1252, garbling every accent).
 */
export const MEDIA_TYPES = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  json: 'application/json',
  schema: 'application/schema+json',
  markdown: 'text/markdown; charset=utf-8',
} as const;

/**
 * The byte-order mark a `CSV` export starts with: the only way to tell Excel a CSV is UTF-8
 * (pandas, R's readr and LibreOffice skip it too).
 */
export const UTF8_BOM = '\uFEFF';

/** The media type to send for a stored one: files exported before charsets were recorded. */
export function withCharset(mediaType: string): string {
  if (/;\s*charset=/i.test(mediaType)) return mediaType;
  if (mediaType === 'text/csv') return MEDIA_TYPES.csv;
  if (mediaType === 'application/x-ndjson') return MEDIA_TYPES.jsonl;
  if (mediaType === 'text/markdown') return MEDIA_TYPES.markdown;
  return mediaType;
}
