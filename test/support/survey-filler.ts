/**
 * Fills a survey-core model the way a respondent would, question by question, reading only the
 * form (its question types, choices, bounds and validators), never the instrument definition:
 * what `survey.data` then holds is what a real SurveyJS front-end would send.
 *
 * Questions are answered one at a time, each time the first visible unanswered one in page order
 * (an answer may show or hide others), a question inside a panel only while every enclosing panel
 * is visible. A dynamic panel gets `minPanelCount` panels (at least one). With `limit`, only that
 * many answers are given: a draft saved mid-way.
 */
import type { Model, PanelModel, Question } from 'survey-core';

export interface FillOptions {
  /** Answer at most this many questions (a draft); absent: every visible question. */
  limit?: number;
  /** The answer of text and comment questions (cut to the question's maxLength). */
  text?: (name: string) => string;
}

const DATE = '2024-03-15';
const POSTCODE = '44300';
const MAX_ANSWERS = 5000;

interface ElementLike {
  isPanel?: boolean;
  isVisible: boolean;
  elements?: ElementLike[];
}

/** Fills the survey; returns how many questions were answered. */
export function fillSurvey(survey: Model, options: FillOptions = {}): number {
  const limit = options.limit ?? Infinity;
  // Unknown question types are left alone, once.
  const skipped = new Set<Question>();
  let answered = 0;
  // One answer at a time, then look again: an answer may show or hide any other question.
  while (answered < limit) {
    const next = visibleQuestions(survey).find(
      (question) => !skipped.has(question) && unanswered(question),
    );
    if (next === undefined) return answered;
    if (next.getType() === 'paneldynamic') {
      next.addPanel();
    } else {
      const value = answerFor(next, options);
      if (value === undefined) {
        skipped.add(next);
        continue;
      }
      next.value = value;
    }
    answered += 1;
    if (answered > MAX_ANSWERS) throw new Error(`fillSurvey: more than ${MAX_ANSWERS} answers`);
  }
  return answered;
}

function unanswered(question: Question): boolean {
  if (question.getType() === 'paneldynamic') {
    return question.panelCount < Math.max(1, Number(question.minPanelCount) || 0);
  }
  return question.isEmpty();
}

/** Visible questions in page order, the questions of each dynamic panel after the panel itself. */
export function visibleQuestions(survey: Model): Question[] {
  const found: Question[] = [];
  const walk = (elements: readonly ElementLike[]): void => {
    for (const element of elements) {
      if (!element.isVisible) continue;
      if (element.isPanel === true) {
        walk(element.elements ?? []);
        continue;
      }
      const question = element as unknown as Question;
      found.push(question);
      if (question.getType() === 'paneldynamic') {
        for (const panel of question.panels as PanelModel[]) {
          walk(panel.elements as unknown as ElementLike[]);
        }
      }
    }
  };
  for (const page of survey.pages) walk(page.elements as unknown as ElementLike[]);
  return found;
}

function answerFor(question: Question, options: FillOptions): unknown {
  switch (question.getType()) {
    case 'text':
      return textAnswer(question, options);
    case 'comment':
      return typed(question, options);
    case 'radiogroup':
    case 'dropdown':
      return question.visibleChoices[0]?.value;
    case 'checkbox': {
      const values = question.visibleChoices.map((choice: { value: unknown }) => choice.value);
      const min = Math.max(1, Number(question.minSelectedChoices) || 0);
      return values.slice(0, Math.min(values.length, min));
    }
    case 'boolean':
      return true;
    case 'rating':
      return question.rateMin;
    case 'matrixdropdown':
      return matrixAnswer(question);
    default:
      return undefined;
  }
}

function textAnswer(question: Question, options: FillOptions): unknown {
  const inputType = question.inputType as string;
  if (inputType === 'number') {
    const min = bound(question.min);
    const max = bound(question.max);
    let value = min ?? 1;
    if (max !== undefined && value > max) value = max;
    return value;
  }
  if (inputType === 'date') {
    let value = DATE;
    if (typeof question.min === 'string' && question.min !== '' && value < question.min) {
      value = question.min;
    }
    if (typeof question.max === 'string' && question.max !== '' && value > question.max) {
      value = question.max;
    }
    return value;
  }
  const regex = (question.validators as { getType(): string }[]).some(
    (validator) => validator.getType() === 'regexvalidator',
  );
  return regex ? POSTCODE : typed(question, options);
}

function typed(question: Question, options: FillOptions): string {
  const text = options.text?.(question.name) ?? `Réponse à ${question.name}`;
  const max = Number(question.maxLength);
  return max > 0 ? Array.from(text).slice(0, max).join('') : text;
}

function bound(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function matrixAnswer(question: Question): Record<string, Record<string, unknown>> {
  const result: Record<string, Record<string, unknown>> = {};
  for (const row of question.rows as { value: string }[]) {
    const cells: Record<string, unknown> = {};
    for (const column of question.columns as {
      name: string;
      cellType: string;
      choices: { value: unknown }[];
      maxLength?: number;
    }[]) {
      cells[column.name] =
        column.cellType === 'dropdown'
          ? column.choices[0]?.value
          : `Cellule ${row.value} ${column.name}`.slice(0, column.maxLength || undefined);
    }
    result[row.value] = cells;
  }
  return result;
}
