/**
 * What kind of version bump a new definition needs, judged by what happens to answers collected
 * under the previous one:
 * - major: old answers may become invalid or mean something else (a field removed or retyped, a
 *   field made required or a required field added, an option removed, bounds tightened, a
 *   condition changed, privacy/generalisation/anonymity/answer key changed, respondents restricted);
 * - minor: old answers stay valid, new ones may not fit the old version (optional field or option
 *   added, bounds loosened, a field made optional, respondents widened);
 * - patch: wording and presentation only (labels, help, title, description, source, order).
 *
 * Fields are matched by their key path (keys are stable across versions), options by value, matrix
 * rows and columns by key. Kind-specific `settings` are opaque here, so any change there is major.
 *
 * Problem codes of `checkVersionBump`: INVALID_VERSION, VERSION_NOT_GREATER, BUMP_TOO_SMALL.
 */
import { diff as semverDiff, gt, inc, valid } from 'semver';
import {
  DEFAULT_MAX_TEXT_LENGTH,
  type ChoiceOption,
  type Field,
  type InstrumentDefinition,
  type LocalizedText,
  type MatrixField,
  type RespondentRole,
} from './definition';
import { isRecord, pathKey } from './json-path';
import type { Problem } from './plugin';

export type ChangeLevel = 'major' | 'minor' | 'patch';

export interface DefinitionChange {
  path: string;
  level: ChangeLevel;
  description: string;
}

export interface DefinitionDiff {
  changes: DefinitionChange[];
  required: ChangeLevel | 'none';
}

const RANK: Record<ChangeLevel | 'none', number> = { none: 0, patch: 1, minor: 2, major: 3 };
const ALL_ROLES: RespondentRole[] = ['MEDIATOR', 'PROFESSIONAL'];

export function diffDefinitions(
  previous: InstrumentDefinition,
  next: InstrumentDefinition,
): DefinitionDiff {
  const differ = new Differ();
  differ.definition(previous, next);
  const required = differ.changes.reduce<ChangeLevel | 'none'>(
    (highest, change) => (RANK[change.level] > RANK[highest] ? change.level : highest),
    'none',
  );
  return { changes: differ.changes, required };
}

export function checkVersionBump(
  previous: InstrumentDefinition,
  next: InstrumentDefinition,
): Problem[] {
  const problems: Problem[] = [];
  for (const [name, version] of [
    ['previous', previous.version],
    ['next', next.version],
  ] as const) {
    if (valid(version) === null) {
      problems.push({
        path: 'version',
        code: 'INVALID_VERSION',
        message: `The ${name} version ${JSON.stringify(version)} is not a semantic version.`,
      });
    }
  }
  if (problems.length > 0) return problems;
  if (!gt(next.version, previous.version)) {
    return [
      {
        path: 'version',
        code: 'VERSION_NOT_GREATER',
        message: `Version ${next.version} must be greater than the published ${previous.version}.`,
      },
    ];
  }
  const { changes, required } = diffDefinitions(previous, next);
  const bump = semverDiff(previous.version, next.version);
  // Pre-releases are refused by the definition check, so the bump is major, minor or patch.
  const actual: ChangeLevel = bump === 'major' || bump === 'minor' ? bump : 'patch';
  if (required !== 'none' && RANK[actual] < RANK[required]) {
    const reasons = changes
      .filter((change) => change.level === required)
      .slice(0, 3)
      .map((change) => `${change.path}: ${change.description}`);
    problems.push({
      path: 'version',
      code: 'BUMP_TOO_SMALL',
      message:
        `These changes need a ${required} version (at least ${inc(previous.version, required)}), ` +
        `but ${previous.version} → ${next.version} is a ${actual} bump. ${reasons.join('; ')}.`,
    });
  }
  return problems;
}

class Differ {
  readonly changes: DefinitionChange[] = [];

  private add(path: string, level: ChangeLevel, description: string): void {
    this.changes.push({ path, level, description });
  }

  definition(a: InstrumentDefinition, b: InstrumentDefinition): void {
    if (a.key !== b.key)
      this.add('key', 'major', `instrument key changed from ${a.key} to ${b.key}`);
    if (a.kind !== b.kind) this.add('kind', 'major', `kind changed from ${a.kind} to ${b.kind}`);
    this.text('title', a.title, b.title);
    this.text('description', a.description, b.description);
    if (a.source !== b.source) this.add('source', 'patch', 'source changed');
    if ((a.anonymous === true) !== (b.anonymous === true)) {
      this.add(
        'anonymous',
        'major',
        b.anonymous === true ? 'made anonymous' : 'no longer anonymous',
      );
    }
    const rolesA = a.respondentRoles ?? ALL_ROLES;
    const rolesB = b.respondentRoles ?? ALL_ROLES;
    if (rolesA.some((role) => !rolesB.includes(role))) {
      this.add('respondentRoles', 'major', 'respondents restricted');
    }
    if (rolesB.some((role) => !rolesA.includes(role))) {
      this.add('respondentRoles', 'minor', 'respondents widened');
    }
    if (!jsonEqual(a.settings, b.settings)) this.add('settings', 'major', 'kind settings changed');
    this.fieldList('', a.fields, b.fields);
  }

  private text(path: string, a: LocalizedText | undefined, b: LocalizedText | undefined): void {
    if (!jsonEqual(a, b)) this.add(path, 'patch', 'wording changed');
  }

  private fieldList(path: string, a: readonly Field[], b: readonly Field[]): void {
    const before = new Map(a.map((field) => [field.key, field]));
    const after = new Map(b.map((field) => [field.key, field]));
    for (const field of a) {
      if (!after.has(field.key)) this.add(pathKey(path, field.key), 'major', 'field removed');
    }
    for (const field of b) {
      const old = before.get(field.key);
      const fieldPath = pathKey(path, field.key);
      if (old === undefined) {
        if (addsRequirement(field)) this.add(fieldPath, 'major', 'required field added');
        else this.add(fieldPath, 'minor', 'optional field added');
      } else {
        this.field(fieldPath, old, field);
      }
    }
    this.order(path === '' ? 'fields' : pathKey(path, 'fields'), a, b, (field) => field.key);
  }

  /** Reordering kept items is presentation only. */
  private order<T>(path: string, a: readonly T[], b: readonly T[], id: (item: T) => string): void {
    const idsB = new Set(b.map(id));
    const idsA = new Set(a.map(id));
    const keptA = a.map(id).filter((key) => idsB.has(key));
    const keptB = b.map(id).filter((key) => idsA.has(key));
    if (keptA.join('\u0000') !== keptB.join('\u0000')) this.add(path, 'patch', 'order changed');
  }

  private field(path: string, a: Field, b: Field): void {
    if (a.type !== b.type) {
      this.add(path, 'major', `type changed from ${a.type} to ${b.type}`);
      return;
    }
    this.text(pathKey(path, 'label'), a.label, b.label);
    this.text(pathKey(path, 'help'), a.help, b.help);
    const requiredA = a.required === true;
    const requiredB = b.required === true;
    if (!requiredA && requiredB) this.add(pathKey(path, 'required'), 'major', 'made required');
    if (requiredA && !requiredB) this.add(pathKey(path, 'required'), 'minor', 'made optional');
    if (!jsonEqual(a.visibleIf, b.visibleIf)) {
      // Dropping a condition only lets more answers in, unless it makes a required field appear.
      const loosened = b.visibleIf === undefined && !requiredB;
      this.add(
        pathKey(path, 'visibleIf'),
        loosened ? 'minor' : 'major',
        loosened ? 'condition removed' : 'condition changed',
      );
    }
    if (a.privacy !== b.privacy) {
      this.add(
        pathKey(path, 'privacy'),
        'major',
        `privacy changed from ${a.privacy} to ${b.privacy}`,
      );
    }
    if (!jsonEqual(a.generalisation, b.generalisation)) {
      this.add(pathKey(path, 'generalisation'), 'major', 'generalisation changed');
    }
    this.typed(path, a, b);
  }

  /** Type-specific properties; `a` and `b` have the same type. */
  private typed(path: string, a: Field, b: Field): void {
    switch (a.type) {
      case 'short-text':
      case 'long-text':
        if (b.type !== 'short-text' && b.type !== 'long-text') return;
        this.upper(
          path,
          'maxLength',
          effectiveMaxLength(a.maxLength),
          effectiveMaxLength(b.maxLength),
        );
        return;
      case 'single-choice':
      case 'multiple-choice':
        if (b.type !== 'single-choice' && b.type !== 'multiple-choice') return;
        this.options(pathKey(path, 'options'), a.options, b.options);
        if (a.type === 'multiple-choice' && b.type === 'multiple-choice') {
          this.lower(path, 'minSelected', a.minSelected, b.minSelected);
          this.upper(path, 'maxSelected', a.maxSelected, b.maxSelected);
        }
        if (!jsonEqual(a.scoring, b.scoring)) {
          this.add(pathKey(path, 'scoring'), 'major', 'answer key changed');
        }
        return;
      case 'integer':
      case 'number':
        if (b.type !== 'integer' && b.type !== 'number') return;
        this.lower(path, 'min', a.min, b.min);
        this.upper(path, 'max', a.max, b.max);
        this.text(pathKey(path, 'unit'), a.unit, b.unit);
        return;
      case 'duration':
        if (b.type !== 'duration') return;
        this.lower(path, 'min', Math.max(0, a.min ?? 0), Math.max(0, b.min ?? 0));
        this.upper(path, 'max', a.max, b.max);
        return;
      case 'date':
        if (b.type !== 'date') return;
        this.lower(path, 'min', a.min, b.min);
        this.upper(path, 'max', a.max, b.max);
        return;
      case 'scale':
        if (b.type !== 'scale') return;
        this.lower(path, 'min', a.min, b.min);
        this.upper(path, 'max', a.max, b.max);
        this.text(pathKey(path, 'minLabel'), a.minLabel, b.minLabel);
        this.text(pathKey(path, 'maxLabel'), a.maxLabel, b.maxLabel);
        return;
      case 'boolean':
        return;
      case 'group':
        if (b.type !== 'group') return;
        this.fieldList(path, a.fields, b.fields);
        return;
      case 'repeat':
        if (b.type !== 'repeat') return;
        this.fieldList(path, a.fields, b.fields);
        this.lower(path, 'minItems', a.minItems, b.minItems);
        this.upper(path, 'maxItems', a.maxItems, b.maxItems);
        this.text(pathKey(path, 'itemLabel'), a.itemLabel, b.itemLabel);
        return;
      case 'matrix':
        if (b.type !== 'matrix') return;
        this.matrix(path, a, b);
        return;
    }
  }

  private options(path: string, a: readonly ChoiceOption[], b: readonly ChoiceOption[]): void {
    const before = new Map(a.map((option) => [option.value, option]));
    const after = new Map(b.map((option) => [option.value, option]));
    for (const option of a) {
      if (!after.has(option.value))
        this.add(pathKey(path, option.value), 'major', 'option removed');
    }
    for (const option of b) {
      const old = before.get(option.value);
      if (old === undefined) this.add(pathKey(path, option.value), 'minor', 'option added');
      else this.text(pathKey(pathKey(path, option.value), 'label'), old.label, option.label);
    }
    this.order(path, a, b, (option) => option.value);
  }

  private matrix(path: string, a: MatrixField, b: MatrixField): void {
    // New rows or columns are new cells, which a required matrix needs in every answer.
    const addedLevel: ChangeLevel = b.required === true ? 'major' : 'minor';
    for (const axis of ['rows', 'columns'] as const) {
      const axisPath = pathKey(path, axis);
      const before = new Map(a[axis].map((item) => [item.key, item]));
      const after = new Map(b[axis].map((item) => [item.key, item]));
      for (const item of a[axis]) {
        if (!after.has(item.key))
          this.add(pathKey(axisPath, item.key), 'major', `${axis} entry removed`);
      }
      for (const item of b[axis]) {
        const old = before.get(item.key);
        if (old === undefined)
          this.add(pathKey(axisPath, item.key), addedLevel, `${axis} entry added`);
        else this.text(pathKey(pathKey(axisPath, item.key), 'label'), old.label, item.label);
      }
      this.order(axisPath, a[axis], b[axis], (item) => item.key);
    }
    const cellPath = pathKey(path, 'cell');
    const cellA = a.cell;
    const cellB = b.cell;
    if (cellA.type !== cellB.type) {
      this.add(cellPath, 'major', `cell type changed from ${cellA.type} to ${cellB.type}`);
      return;
    }
    if (cellA.type === 'single-choice' && cellB.type === 'single-choice') {
      this.options(pathKey(cellPath, 'options'), cellA.options, cellB.options);
    } else if (cellA.type === 'scale' && cellB.type === 'scale') {
      this.lower(cellPath, 'min', cellA.min, cellB.min);
      this.upper(cellPath, 'max', cellA.max, cellB.max);
    } else if (cellA.type !== 'single-choice' && cellA.type !== 'scale') {
      if (cellB.type === 'single-choice' || cellB.type === 'scale') return;
      this.upper(
        cellPath,
        'maxLength',
        effectiveMaxLength(cellA.maxLength),
        effectiveMaxLength(cellB.maxLength),
      );
    }
  }

  /** A lower bound: raising or adding it tightens (major), lowering or dropping it loosens. */
  private lower(path: string, name: string, a?: number | string, b?: number | string): void {
    if (a === b) return;
    const tightened = b !== undefined && (a === undefined || b > a);
    this.bound(path, name, tightened, a, b);
  }

  /** An upper bound: lowering or adding it tightens (major), raising or dropping it loosens. */
  private upper(path: string, name: string, a?: number | string, b?: number | string): void {
    if (a === b) return;
    const tightened = b !== undefined && (a === undefined || b < a);
    this.bound(path, name, tightened, a, b);
  }

  private bound(
    path: string,
    name: string,
    tightened: boolean,
    a?: number | string,
    b?: number | string,
  ): void {
    this.add(
      pathKey(path, name),
      tightened ? 'major' : 'minor',
      `${name} ${tightened ? 'tightened' : 'loosened'} (${a ?? 'none'} → ${b ?? 'none'})`,
    );
  }
}

function effectiveMaxLength(maxLength: number | undefined): number {
  return maxLength ?? DEFAULT_MAX_TEXT_LENGTH;
}

/** Whether adding this field can make old answers invalid (it, or a group child, is required). */
function addsRequirement(field: Field): boolean {
  if (field.required === true) return true;
  return field.type === 'group' && field.fields.some(addsRequirement);
}

/** Structural equality of JSON values, ignoring property order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => jsonEqual(item, b[index]))
    );
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]))
  );
}
