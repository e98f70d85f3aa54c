import * as path from 'node:path';
import { walkFields } from '@observatory/instrument-sdk';
import type {
  Field,
  InstrumentDefinition,
  InstrumentKindPlugin,
  Problem,
} from '@observatory/instrument-sdk';

/** A field where the observer writes notes: a text field, or a matrix of text cells. */
function isNotesField(field: Field): boolean {
  if (field.type === 'short-text' || field.type === 'long-text') return true;
  return (
    field.type === 'matrix' && (field.cell.type === 'short-text' || field.cell.type === 'long-text')
  );
}

export function checkObservationGrid(definition: InstrumentDefinition): Problem[] {
  const problems: Problem[] = [];
  const roles = definition.respondentRoles;
  if (roles !== undefined && !roles.includes('MEDIATOR')) {
    problems.push({
      path: 'respondentRoles',
      code: 'ROLE_REQUIRED',
      message:
        'an observation grid is filled in by the mediator who observes: add MEDIATOR to respondentRoles (or leave it out)',
    });
  }
  if (![...walkFields(definition.fields)].some(({ field }) => isNotesField(field))) {
    problems.push({
      path: 'fields',
      code: 'NOTES_FIELD_REQUIRED',
      message:
        'an observation grid is a grid of notes: add at least one short-text or long-text field (or a matrix of text cells)',
    });
  }
  return problems;
}

const plugin: InstrumentKindPlugin = {
  kind: 'observation-grid',
  version: '1.0.0',
  sdkVersion: '^1.0.0',
  description:
    'Observation grid: notes taken by a mediator shadowing a professional, prompt by prompt.',
  versionsDir: path.join(__dirname, 'versions'),
  checkDefinition: checkObservationGrid,
};

export default plugin;
