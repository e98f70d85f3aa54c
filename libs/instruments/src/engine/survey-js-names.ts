/**
 * The SurveyJS question name of every field: the one naming rule shared by the form
 * (`toSurveyJs`), its conditions, the mapping of SurveyJS data to answers (`toAnswerShape`) and the
 * question named beside an error (`surveyJsQuestionOf`).
 *
 * SurveyJS keeps one flat object of values per *value scope*: the survey itself, or one item of a
 * dynamic panel (our repeats). Panels (our groups) do not nest the values of their questions, so
 * every field reached from a value scope through groups lands in that scope's object. A field is
 * named by its key when no other field of its value scope (groups included, repeat items and
 * matrices not) has that key; otherwise by its key path from the value scope joined by `-`, e.g.
 * `context-placeAndDate-date`. `-` never appears in a key, so such a name cannot collide with a key
 * or with another path, and a field directly in the value scope always keeps its key.
 */
import type { Field } from '@observatory/instrument-sdk';

/** One field as SurveyJS sees it from its value scope. */
export interface ScopedField {
  field: Field;
  /** Keys from the value scope down to the field (groups in between). */
  keys: string[];
  /** The SurveyJS name: the key when unique in the scope, else `keys.join('-')`. */
  name: string;
}

/** Separator of path names; not allowed in keys (`^[a-z][a-zA-Z0-9_]*$`). */
export const PATH_NAME_SEPARATOR = '-';

/**
 * Every field reached from a value scope through groups (not into repeats), in definition order,
 * with its SurveyJS name. Repeats found are listed too; their items are value scopes of their own.
 */
export function valueScope(fields: readonly Field[]): ScopedField[] {
  const entries: { field: Field; keys: string[] }[] = [];
  const walk = (level: readonly Field[], parents: readonly string[]): void => {
    for (const field of level) {
      const keys = [...parents, field.key];
      entries.push({ field, keys });
      if (field.type === 'group') walk(field.fields, keys);
    }
  };
  walk(fields, []);
  const uses = new Map<string, number>();
  for (const { field } of entries) uses.set(field.key, (uses.get(field.key) ?? 0) + 1);
  return entries.map(({ field, keys }) => ({
    field,
    keys,
    name: uses.get(field.key) === 1 ? field.key : keys.join(PATH_NAME_SEPARATOR),
  }));
}

/** The SurveyJS name of every field of a definition (each repeat item is a value scope). */
export function surveyJsNames(fields: readonly Field[]): Map<Field, string> {
  const names = new Map<Field, string>();
  const visit = (scopeFields: readonly Field[]): void => {
    for (const entry of valueScope(scopeFields)) {
      names.set(entry.field, entry.name);
      if (entry.field.type === 'repeat') visit(entry.field.fields);
    }
  };
  visit(fields);
  return names;
}
