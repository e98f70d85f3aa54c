/**
 * Raises `work_mem` to at least $1 kB for the current transaction, never lowering it: for the few
 * statements whose groups PostgreSQL overestimates and would otherwise sort on disk.
 */
export const RAISE_WORK_MEM_SQL = `SELECT set_config('work_mem', greatest(setting::bigint, $1) || 'kB', true)
  FROM pg_settings WHERE name = 'work_mem'`;
