/** node-postgres turns a `date` column into a Date at local midnight; give it back as YYYY-MM-DD. */
export function dateColumnValue(value: unknown): string {
  if (value instanceof Date) {
    const pad = (n: number): string => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return String(value);
}
