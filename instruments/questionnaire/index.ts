import * as path from 'node:path';
import { walkFields } from '@observatory/instrument-sdk';
import type {
  Field,
  InstrumentDefinition,
  InstrumentKindPlugin,
  Problem,
} from '@observatory/instrument-sdk';

/** A field whose answers can be counted or summarised (anything but free text and containers). */
function isAggregatable(field: Field): boolean {
  switch (field.type) {
    case 'short-text':
    case 'long-text':
    case 'group':
    case 'repeat':
      return false;
    case 'matrix':
      return field.cell.type === 'single-choice' || field.cell.type === 'scale';
    default:
      return true;
  }
}

export function checkQuestionnaire(definition: InstrumentDefinition): Problem[] {
  if ([...walkFields(definition.fields)].some(({ field }) => isAggregatable(field))) return [];
  return [
    {
      path: 'fields',
      code: 'AGGREGATABLE_FIELD_REQUIRED',
      message:
        'a questionnaire is aggregated: add at least one field that is not free text (a choice, a number, a date, a duration, a boolean, a scale or a matrix of choices or scales)',
    },
  ];
}

const plugin: InstrumentKindPlugin = {
  kind: 'questionnaire',
  version: '1.0.0',
  sdkVersion: '^1.0.0',
  description: 'Questionnaire: a generic survey, answered once per respondent and aggregated.',
  versionsDir: path.join(__dirname, 'versions'),
  checkDefinition: checkQuestionnaire,
};

export default plugin;
