/**
 * Renders a definition as a SurveyJS form (survey-core JSON), for clients that use SurveyJS.
 *
 * Groups are panels, repeats dynamic panels, matrices dropdown matrices. Question names follow
 * `survey-js-names.ts` (the key, or the key path joined by `-` where a key repeats within what
 * SurveyJS keeps in one object), so `survey.data`, complete or partial, is accepted by `submit` as
 * it is: `toAnswerShape` (survey-js-data.ts) nests it as the service stores answers.
 *
 * The form declares its `locale` (the language of its texts, so SurveyJS's own words — "Complete",
 * "Response required." — come in that language once its locale file is loaded) and
 * `clearInvisibleValues: "onHidden"`, so a draft saved mid-way never carries the answer of a
 * question a later answer hid (which `submit` refuses as NOT_VISIBLE).
 *
 * Conditions become SurveyJS expressions: a field of the same repeat item is `{panel.name}`, one of
 * an enclosing repeat item `{parentpanel.name}`, and one outside any repeat `{name}`.
 *
 * The answer keys of skills tests (`scoring`) are never copied: this output is served to respondents.
 */
import type {
  ChoiceOption,
  Condition,
  Field,
  InstrumentDefinition,
  JsonObject,
  JsonPrimitive,
  JsonValue,
  LocalizedText,
  MatrixField,
} from '@observatory/instrument-sdk';
import { resolveConditionField } from './condition';
import { POSTCODE_PATTERN } from './postcode-pattern';
import { DEFAULT_MAX_TEXT_LENGTH, localized } from './shared';
import { surveyJsNames } from './survey-js-names';

/** One level of fields, and whether it is a repeat item (a SurveyJS dynamic panel). */
interface Scope {
  fields: readonly Field[];
  repeat: boolean;
}

/** What every element needs: the language and the SurveyJS name of each field. */
interface Rendering {
  locale: string;
  names: ReadonlyMap<Field, string>;
}

export function toSurveyJs(definition: InstrumentDefinition, locale = 'fr'): JsonObject {
  // The form's locale is the language its texts are in: French unless the title has `locale`.
  const language = Object.hasOwn(definition.title, locale) ? locale : 'fr';
  const rendering: Rendering = { locale: language, names: surveyJsNames(definition.fields) };
  const survey: JsonObject = {
    title: localized(definition.title, language),
    locale: language,
    clearInvisibleValues: 'onHidden',
    pages: [
      {
        name: 'main',
        elements: elements(
          definition.fields,
          [{ fields: definition.fields, repeat: false }],
          rendering,
        ),
      },
    ],
  };
  if (definition.description !== undefined) {
    survey.description = localized(definition.description, language);
  }
  return survey;
}

function elements(
  fields: readonly Field[],
  scopes: readonly Scope[],
  rendering: Rendering,
): JsonValue[] {
  return fields.map((field) => element(field, scopes, rendering));
}

function element(field: Field, scopes: readonly Scope[], rendering: Rendering): JsonObject {
  const { locale } = rendering;
  const text = (value: LocalizedText): string => localized(value, locale);
  const common: JsonObject = {
    name: rendering.names.get(field) ?? field.key,
    title: text(field.label),
  };
  if (field.help !== undefined) common.description = text(field.help);
  if (field.required === true) common.isRequired = true;
  if (field.visibleIf !== undefined) {
    common.visibleIf = expression(field.visibleIf, scopes, rendering.names);
  }

  switch (field.type) {
    case 'short-text': {
      const question: JsonObject = {
        type: 'text',
        ...common,
        maxLength: field.maxLength ?? DEFAULT_MAX_TEXT_LENGTH,
      };
      // The check anonymisation makes before coarsening a postcode, made in the form first.
      if (field.generalisation?.kind === 'postcode-departement') {
        question.validators = [{ type: 'regex', regex: POSTCODE_PATTERN, text: POSTCODE_HINT }];
      }
      return question;
    }
    case 'long-text':
      return { type: 'comment', ...common, maxLength: field.maxLength ?? DEFAULT_MAX_TEXT_LENGTH };
    case 'single-choice':
      return { type: 'radiogroup', ...common, choices: choices(field.options, locale) };
    case 'multiple-choice': {
      const question: JsonObject = {
        type: 'checkbox',
        ...common,
        choices: choices(field.options, locale),
      };
      if (field.minSelected !== undefined) question.minSelectedChoices = field.minSelected;
      if (field.maxSelected !== undefined) question.maxSelectedChoices = field.maxSelected;
      return question;
    }
    case 'integer':
    case 'number':
    case 'duration': {
      const min = field.type === 'duration' ? Math.max(0, field.min ?? 0) : field.min;
      const question: JsonObject = { type: 'text', ...common, inputType: 'number' };
      if (field.type !== 'number') question.step = 1;
      if (field.type !== 'duration' && field.unit !== undefined) {
        question.title = `${text(field.label)} (${text(field.unit)})`;
      }
      const validators: JsonValue[] = [];
      if (min !== undefined || field.max !== undefined) {
        const numeric: JsonObject = { type: 'numeric' };
        if (min !== undefined) {
          question.min = min;
          numeric.minValue = min;
        }
        if (field.max !== undefined) {
          question.max = field.max;
          numeric.maxValue = field.max;
        }
        validators.push(numeric);
      }
      // SurveyJS has no integer type: a regex keeps decimals out of whole-number fields.
      if (field.type !== 'number') validators.push({ type: 'regex', regex: '^-?\\d+$' });
      if (validators.length > 0) question.validators = validators;
      return question;
    }
    case 'date': {
      const question: JsonObject = { type: 'text', ...common, inputType: 'date' };
      if (field.min !== undefined) question.min = field.min;
      if (field.max !== undefined) question.max = field.max;
      return question;
    }
    case 'boolean':
      return { type: 'boolean', ...common };
    case 'scale': {
      const question: JsonObject = {
        type: 'rating',
        ...common,
        rateMin: field.min,
        rateMax: field.max,
      };
      if (field.minLabel !== undefined) question.minRateDescription = text(field.minLabel);
      if (field.maxLabel !== undefined) question.maxRateDescription = text(field.maxLabel);
      return question;
    }
    case 'group':
      return {
        type: 'panel',
        ...common,
        elements: elements(
          field.fields,
          [...scopes, { fields: field.fields, repeat: false }],
          rendering,
        ),
      };
    case 'repeat': {
      const question: JsonObject = {
        type: 'paneldynamic',
        ...common,
        templateElements: elements(
          field.fields,
          [...scopes, { fields: field.fields, repeat: true }],
          rendering,
        ),
      };
      if (field.itemLabel !== undefined) question.templateTitle = text(field.itemLabel);
      if (field.minItems !== undefined) question.minPanelCount = field.minItems;
      if (field.maxItems !== undefined) question.maxPanelCount = field.maxItems;
      return question;
    }
    case 'matrix':
      return matrix(field, common, locale);
  }
}

/** Shown by SurveyJS under a postcode that anonymisation could not coarsen. */
const POSTCODE_HINT = 'Code postal français attendu, par exemple 44300.';

function choices(options: readonly ChoiceOption[], locale: string): JsonValue[] {
  return options.map((option) => ({ value: option.value, text: localized(option.label, locale) }));
}

function matrix(field: MatrixField, common: JsonObject, locale: string): JsonObject {
  const cell = field.cell;
  const column = (key: string, title: string): JsonObject => {
    const result: JsonObject = { name: key, title };
    switch (cell.type) {
      case 'short-text':
        result.cellType = 'text';
        result.maxLength = cell.maxLength ?? DEFAULT_MAX_TEXT_LENGTH;
        break;
      case 'long-text':
        result.cellType = 'comment';
        result.maxLength = cell.maxLength ?? DEFAULT_MAX_TEXT_LENGTH;
        break;
      case 'single-choice':
        result.cellType = 'dropdown';
        result.choices = choices(cell.options, locale);
        break;
      case 'scale': {
        result.cellType = 'dropdown';
        const steps: JsonValue[] = [];
        for (let value = cell.min; value <= cell.max; value++) steps.push(value);
        result.choices = steps;
        break;
      }
    }
    // A required matrix needs every cell, i.e. every column in every row.
    if (field.required === true) result.isRequired = true;
    return result;
  };
  return {
    type: 'matrixdropdown',
    ...common,
    rows: field.rows.map((row) => ({ value: row.key, text: localized(row.label, locale) })),
    columns: field.columns.map((item) => column(item.key, localized(item.label, locale))),
  };
}

/** A definition condition as a SurveyJS expression. */
function expression(
  condition: Condition,
  scopes: readonly Scope[],
  names: ReadonlyMap<Field, string>,
): string {
  if ('all' in condition)
    return `(${condition.all.map((c) => expression(c, scopes, names)).join(' and ')})`;
  if ('any' in condition)
    return `(${condition.any.map((c) => expression(c, scopes, names)).join(' or ')})`;
  if ('not' in condition) return `!(${expression(condition.not, scopes, names)})`;
  const variable = `{${variableName(condition.field, scopes, names)}}`;
  if ('equals' in condition) return comparison(variable, '=', condition.equals);
  if ('notEquals' in condition) return comparison(variable, '<>', condition.notEquals);
  if ('in' in condition) {
    return `(${condition.in.map((value) => comparison(variable, '=', value)).join(' or ')})`;
  }
  if ('includes' in condition) return `${variable} contains ${literal(condition.includes)}`;
  return condition.answered ? `${variable} notempty` : `${variable} empty`;
}

function comparison(variable: string, operator: '=' | '<>', value: JsonPrimitive): string {
  // SurveyJS treats an unanswered question as empty, not as a null literal.
  if (value === null) return `${variable} ${operator === '=' ? 'empty' : 'notempty'}`;
  return `${variable} ${operator} ${literal(value)}`;
}

function literal(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The SurveyJS variable for a condition's field, given where the condition sits. */
function variableName(
  name: string,
  scopes: readonly Scope[],
  names: ReadonlyMap<Field, string>,
): string {
  const resolution = resolveConditionField(
    scopes.map((scope) => scope.fields),
    name,
  );
  // Checked definitions always resolve; the last key is a fallback for unchecked input.
  if (!resolution.ok) return name.split('.').pop() ?? name;
  const key = names.get(resolution.field) ?? resolution.field.key;
  const repeats = scopes.flatMap((scope, index) => (scope.repeat ? [index] : []));
  const enclosing = repeats.filter((index) => index <= resolution.level);
  if (enclosing.length === 0) return key;
  const crossed = repeats.length - enclosing.length;
  return crossed === 0 ? `panel.${key}` : `${'parentpanel.'.repeat(crossed)}${key}`;
}
