import { foldCharacters, foldWithOrigins } from '../accent-folding';
import type { TextSpan } from '../redaction-kind';

/**
 * Names the caller already knows (e.g. the campaign's participants), matched on word boundaries,
 * ignoring case and accents (`Elodie` finds `élodie`), with spaces, hyphens and apostrophes
 * interchangeable in kind (`Jean Pierre` finds `Jean-Pierre`). Names shorter than two letters are
 * ignored: they would redact ordinary words.
 *
 * The pattern is an alternation of literal words, longest name first so `Jean Martin` wins over
 * `Jean`; literal alternatives cannot backtrack catastrophically.
 */
export type KnownNamesDetector = (text: string) => TextSpan[];

const MIN_NAME_LETTERS = 2;

export function createKnownNamesDetector(names: readonly string[]): KnownNamesDetector {
  const alternatives = [
    ...new Set(names.map((name) => namePattern(foldCharacters(name))).filter(isUsable)),
  ].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (alternatives.length === 0) return () => [];
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`,
    'gu',
  );
  return (text) => {
    const { folded, origins } = foldWithOrigins(text);
    const spans: TextSpan[] = [];
    for (const match of folded.matchAll(pattern)) {
      spans.push({
        start: origins[match.index],
        end: origins[match.index + match[0].length],
        kind: 'NAME',
      });
    }
    return spans;
  };
}

function isUsable(pattern: string | undefined): pattern is string {
  return pattern !== undefined;
}

function namePattern(folded: string): string | undefined {
  const words = folded.split(/[\s\-'’]+/u).filter((word) => word.length > 0);
  const letters = words.join('').replace(/[^\p{L}\p{N}]/gu, '').length;
  if (letters < MIN_NAME_LETTERS) return undefined;
  return words.map(escapeRegExp).join("[\\s\\-'’]+");
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
