import type { Problem } from '../plugin';

/** One line per problem: `path CODE message`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((problem) => `${problem.path || '(root)'} ${problem.code} ${problem.message}`)
    .join('\n');
}

/** Throws an Error listing the problems, if there is any (for any test runner). */
export function assertNoProblems(problems: readonly Problem[], what = 'the plugin'): void {
  if (problems.length === 0) return;
  throw new Error(`${problems.length} problem(s) in ${what}:\n${formatProblems(problems)}`);
}
