/**
 * Fills a SurveyJS form rendered in a real browser (survey-react-ui) as a person would: clicks on
 * choices, switches, ratings and buttons, typing in text boxes. The page's survey model is only
 * *read*, to find the next visible unanswered question (what a person sees on the screen); every
 * answer goes through the page's controls. The values mirror `survey-filler.ts` (texts are
 * shorter: each character is a key press).
 */
import type { Page } from 'playwright-core';

/** What to do next, found in the page: one action on one question's controls. */
interface NextStep {
  id: string;
  name: string;
  action:
    | 'add-panel'
    | 'type'
    | 'date'
    | 'choose'
    | 'choose-several'
    | 'switch-on'
    | 'rate'
    | 'unsupported';
  text?: string;
  count?: number;
  type?: string;
}

const MAX_STEPS = 400;

export async function fillInBrowser(page: Page): Promise<number> {
  let previous = '';
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    const next = await page.evaluate(nextStep);
    if (next === null) return steps;
    const signature = JSON.stringify(next);
    if (signature === previous) {
      throw new Error(`browser filler: ${signature} did not change the answers`);
    }
    previous = signature;
    await act(page, next);
  }
  throw new Error(`browser filler: still answering after ${MAX_STEPS} steps`);
}

async function act(page: Page, step: NextStep): Promise<void> {
  const root = page.locator(`[id="${step.id}"]`);
  switch (step.action) {
    case 'add-panel':
      await root.locator('.sd-paneldynamic__add-btn').last().click();
      return;
    case 'type': {
      // A matrix cell's id is its control's id minus the final `i`; a question's control is inside.
      const control = page.locator(`[id="${step.id}i"]`);
      await control.click();
      await control.pressSequentially(step.text ?? '');
      // SurveyJS takes the text when the box loses focus, as when a person moves on.
      await control.press('Tab');
      return;
    }
    case 'date': {
      // A date picker is not typed into character by character; Playwright fills it as a user
      // picks a date. Tab would only move between its day, month and year: leave it instead.
      const control = page.locator(`[id="${step.id}i"]`);
      await control.fill(step.text ?? '');
      await control.blur();
      return;
    }
    case 'choose':
      await root.locator('label.sd-selectbase__label').first().click();
      return;
    case 'choose-several': {
      const labels = root.locator('label.sd-selectbase__label');
      for (let index = 0; index < (step.count ?? 1); index++) await labels.nth(index).click();
      return;
    }
    case 'switch-on':
      await root.locator('.sd-boolean__thumb-ghost').last().click();
      return;
    case 'rate':
      await root.locator('.sd-rating__item').first().click();
      return;
    case 'unsupported':
      throw new Error(`browser filler: no way to answer a ${step.type} question (${step.name})`);
  }
}

/**
 * Runs in the page: the first visible unanswered question, in page order, and how to answer it.
 * Self-contained (it is serialised into the page), written against the survey-core model.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- survey-core's model as the page sees it */
function nextStep(): NextStep | null {
  const survey = (globalThis as any).survey;
  const questions: any[] = [];
  const walk = (elements: any[]): void => {
    for (const element of elements) {
      if (!element.isVisible) continue;
      if (element.isPanel) {
        walk(element.elements);
        continue;
      }
      questions.push(element);
      if (element.getType() === 'paneldynamic') {
        for (const panel of element.panels) walk(panel.elements);
      }
    }
  };
  for (const page of survey.visiblePages) walk(page.elements);

  const textOf = (question: any): NextStep => {
    const base = { id: question.id, name: question.name };
    if (question.inputType === 'number') {
      const bound = (value: unknown) =>
        value === undefined || value === null || value === '' ? undefined : Number(value);
      let value = bound(question.min) ?? 1;
      const max = bound(question.max);
      if (max !== undefined && value > max) value = max;
      return { ...base, action: 'type', text: String(value) };
    }
    if (question.inputType === 'date') {
      let value = '2024-03-15';
      if (question.min && value < question.min) value = question.min;
      if (question.max && value > question.max) value = question.max;
      return { ...base, action: 'date', text: value };
    }
    const regex = question.validators.some((v: any) => v.getType() === 'regexvalidator');
    // Short: every character is a key press, and a grid has dozens of text boxes.
    const text = regex ? '44300' : 'Réponse';
    const max = Number(question.maxLength);
    return { ...base, action: 'type', text: max > 0 ? text.slice(0, max) : text };
  };

  for (const question of questions) {
    const type = question.getType();
    if (type === 'paneldynamic') {
      const wanted = Math.max(1, Number(question.minPanelCount) || 0);
      if (question.panelCount < wanted) {
        return { id: question.id, name: question.name, action: 'add-panel' };
      }
      continue;
    }
    if (type === 'matrixdropdown') {
      for (const row of question.visibleRows) {
        for (const cell of row.cells) {
          const inner = cell.question;
          if (!inner.isEmpty()) continue;
          const cellType = inner.getType();
          if (cellType === 'text' || cellType === 'comment') return textOf(inner);
          return { id: inner.id, name: question.name, action: 'unsupported', type: cellType };
        }
      }
      continue;
    }
    if (!question.isEmpty()) continue;
    switch (type) {
      case 'text':
      case 'comment':
        return textOf(question);
      case 'radiogroup':
        return { id: question.id, name: question.name, action: 'choose' };
      case 'checkbox':
        return {
          id: question.id,
          name: question.name,
          action: 'choose-several',
          count: Math.max(1, Number(question.minSelectedChoices) || 0),
        };
      case 'boolean':
        return { id: question.id, name: question.name, action: 'switch-on' };
      case 'rating':
        return { id: question.id, name: question.name, action: 'rate' };
      default:
        return { id: question.id, name: question.name, action: 'unsupported', type };
    }
  }
  return null;
}
