/**
 * @observatory/instrument-sdk/testing: run a plugin and its version files through the checks the
 * service runs, without the service. Works with any test runner (node:test, Jest, Vitest…):
 * every function returns problems; `assertNoProblems` throws an Error listing them.
 *
 *   const plugin = loadPlugin(path.join(__dirname, '..'));       // as INSTRUMENT_PLUGINS loads it
 *   assertNoProblems(checkVersions(plugin).flatMap((v) => v.problems));
 *   const run = runHooks(plugin, definition, answers);            // checkAnswers, derive, measures, publicView
 *   assertNoProblems(run.contract);
 */
export { loadPlugin } from './load-plugin';
export { checkVersions, type VersionReport } from './check-versions';
export { runHooks, type HookRun } from './run-hooks';
export { assertNoProblems, formatProblems } from './report';
