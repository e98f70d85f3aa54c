import * as path from 'node:path';
import { walkFields } from '@observatory/instrument-sdk';
import type {
  InstrumentDefinition,
  InstrumentKindPlugin,
  Problem,
  RespondentRole,
} from '@observatory/instrument-sdk';

/** The matrix columns that hold the two answers to each debrief question. */
export const DEBRIEF_COLUMNS = ['mediator', 'professional'] as const;
const DEBRIEF_ROLES: RespondentRole[] = ['MEDIATOR', 'PROFESSIONAL'];

export function checkDebrief(definition: InstrumentDefinition): Problem[] {
  const problems: Problem[] = [];
  const roles = definition.respondentRoles ?? [];
  const missingRoles = DEBRIEF_ROLES.filter((role) => !roles.includes(role));
  if (missingRoles.length > 0) {
    problems.push({
      path: 'respondentRoles',
      code: 'ROLE_REQUIRED',
      message: `a debrief is answered by the mediator and the professional together: respondentRoles must list MEDIATOR and PROFESSIONAL (missing ${missingRoles.join(', ')})`,
    });
  }
  const hasPairMatrix = [...walkFields(definition.fields)].some(
    ({ field }) =>
      field.type === 'matrix' &&
      DEBRIEF_COLUMNS.every((column) => field.columns.some((c) => c.key === column)),
  );
  if (!hasPairMatrix) {
    problems.push({
      path: 'fields',
      code: 'DEBRIEF_MATRIX_REQUIRED',
      message:
        'a debrief needs at least one matrix field whose columns include "mediator" and "professional" (one answer from each per question)',
    });
  }
  return problems;
}

const plugin: InstrumentKindPlugin = {
  kind: 'debrief',
  version: '1.0.0',
  sdkVersion: '^1.0.0',
  description:
    'Debrief grid: each question answered by both the mediator and the professional of a pair.',
  versionsDir: path.join(__dirname, 'versions'),
  checkDefinition: checkDebrief,
};

export default plugin;
