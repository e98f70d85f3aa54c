import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InstrumentDefinition, JsonValue } from '@observatory/instrument-sdk';
import { sampleAnswers } from '../../../../test/support/sample-answers';
import { validateAnswers } from './answer-validation';
import { allFixtures } from './fixtures';

const INSTRUMENTS_DIR = path.join(__dirname, '../../../../instruments');
const PII = 'Mme Martin, 06.12.34.56.78';

/** Every built-in version: `instruments/<kind>/versions/<key>@<version>.json`. */
function builtinDefinitions(): [string, InstrumentDefinition][] {
  const found: [string, InstrumentDefinition][] = [];
  for (const kind of fs.readdirSync(INSTRUMENTS_DIR).sort()) {
    const versions = path.join(INSTRUMENTS_DIR, kind, 'versions');
    if (!fs.existsSync(versions)) continue;
    for (const file of fs.readdirSync(versions).sort()) {
      if (!file.endsWith('.json')) continue;
      const definition = JSON.parse(
        fs.readFileSync(path.join(versions, file), 'utf8'),
      ) as InstrumentDefinition;
      found.push([`${kind}/${file}`, definition]);
    }
  }
  return found;
}

const builtins = builtinDefinitions();
const definitions: [string, InstrumentDefinition][] = [
  ...builtins,
  ...Object.entries(allFixtures).map(([name, definition]): [string, InstrumentDefinition] => [
    `fixture ${name}`,
    definition,
  ]),
];

/** Every string in an answer tree. */
function strings(value: JsonValue): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('sampleAnswers', () => {
  it('finds the five built-in definitions', () => {
    expect(builtins).toHaveLength(5);
  });

  describe.each(definitions)('%s', (_name, definition) => {
    it('answers the required fields validly', () => {
      expect(validateAnswers(definition, sampleAnswers(definition), 'COMPLETE')).toEqual([]);
    });

    it('answers the optional fields too, with injected free text', () => {
      const answers = sampleAnswers(definition, { fillOptional: true, text: () => PII });
      expect(validateAnswers(definition, answers, 'COMPLETE')).toEqual([]);
      // Whatever text field was answered got the injected text (cut to its maxLength).
      for (const text of strings(answers).filter((s) => s.startsWith('Mme'))) {
        expect(PII.startsWith(text)).toBe(true);
      }
      expect(strings(answers).some((s) => s.startsWith("Texte d'exemple"))).toBe(false);
    });

    it('is deterministic', () => {
      expect(sampleAnswers(definition, { fillOptional: true })).toEqual(
        sampleAnswers(definition, { fillOptional: true }),
      );
      expect(sampleAnswers(definition, { seed: 7 })).toEqual(
        sampleAnswers(definition, { seed: 7 }),
      );
    });

    it.each([1, 2, 3, 42, 2024])('stays valid with seed %i', (seed) => {
      for (const fillOptional of [false, true]) {
        const answers = sampleAnswers(definition, { seed, fillOptional });
        expect(validateAnswers(definition, answers, 'COMPLETE')).toEqual([]);
      }
    });
  });

  it('leaves hidden fields absent and answers the fields they reveal', () => {
    const showcase = allFixtures.conditionShowcase;
    const bare = sampleAnswers(showcase);
    // `status` is optional, so `detail` is visible and required; `note` is visible but optional.
    expect(bare).toEqual({
      detail: "Texte d'exemple pour detail",
      meta: { tag: expect.any(String) },
    });
    const full = sampleAnswers(showcase, { fillOptional: true });
    expect(full).not.toHaveProperty('note');
    expect(full.meta).toEqual({ level: 1 });
    expect(full).toHaveProperty('flagNote');
  });

  it('injects the text into every text field, matrix cells included', () => {
    const debrief = builtins.find(([name]) => name.includes('debrief'))?.[1];
    if (debrief === undefined) throw new Error('No built-in debrief definition.');
    const seen: string[] = [];
    sampleAnswers(debrief, {
      text: (at) => {
        seen.push(at);
        return PII;
      },
    });
    expect(seen).toContain('debrief.learned.mediator');
    expect(seen).toHaveLength(6);
  });
});
