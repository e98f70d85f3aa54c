// Proves that an instrument plugin can be written, checked and tested with nothing from this
// repository but the packed SDK: packs @observatory/instrument-sdk, copies plugins/activity-report
// to a scratch folder outside the repository, installs the tarball there, type-checks and tests it
// (npm test: tsc, then node:test with the SDK test kit). With --scaffold, does the same for a kind
// freshly made by the package's scaffold. Prints the folders as JSON on the last line; the
// activity-report folder is what INSTRUMENT_PLUGINS points at (test/e2e/activity-report-plugin).
//
//   node scripts/plugin-sandbox.js [--out <folder>] [--scaffold] [--offline]
//
// --offline installs from the npm cache only (what a test may do: it must download nothing); CI
// runs it after `npm ci`, which has put typescript, @types/node, ajv and semver in the cache.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { packSdk } = require('./pack-sdk');

const ROOT = path.resolve(__dirname, '..');

function parseArguments(argv) {
  const options = { out: undefined, scaffold: false, offline: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') options.out = path.resolve(argv[++i]);
    else if (argv[i] === '--scaffold') options.scaffold = true;
    else if (argv[i] === '--offline') options.offline = true;
    else throw new Error(`unknown argument ${argv[i]}: use --out <folder>, --scaffold, --offline`);
  }
  return options;
}

function run(command, args, cwd) {
  // Logs go to stderr: stdout carries only the JSON result.
  execFileSync(command, args, { cwd, stdio: ['ignore', process.stderr, process.stderr] });
}

/** Installs the tarball (and the folder's devDependencies), then type-checks and tests. */
function installAndTest(folder, tarball, offline) {
  const flags = ['--no-audit', '--no-fund', offline ? '--offline' : '--prefer-offline'];
  run('npm', ['install', ...flags, tarball], folder);
  run('npm', ['test'], folder);
}

function sandbox(options) {
  const tarball = packSdk();
  const out = options.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'observatory-plugins-'));
  if (path.relative(ROOT, out).split(path.sep)[0] !== '..') {
    throw new Error(`--out ${out} is inside the repository: the sandbox must be outside it`);
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  // As root (CI), the embedded PostgreSQL runs as another user who must reach the plugin files.
  fs.chmodSync(out, 0o755);

  const activityReport = path.join(out, 'activity-report');
  fs.cpSync(path.join(ROOT, 'plugins', 'activity-report'), activityReport, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist)$/.test(source),
  });
  installAndTest(activityReport, tarball, options.offline);
  const result = { sdk: tarball, activityReport };

  if (options.scaffold) {
    const tools = path.join(out, 'tools');
    fs.mkdirSync(tools);
    run('npm', ['init', '-y'], tools);
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], tools);
    const scaffolded = path.join(out, 'sandbox-kind');
    run(path.join(tools, 'node_modules', '.bin', 'observatory-new-instrument-kind'), [
      'sandbox-kind',
      '--dir',
      scaffolded,
    ]);
    installAndTest(scaffolded, tarball, options.offline);
    result.scaffolded = scaffolded;
  }
  return result;
}

if (require.main === module) {
  process.stdout.write(`${JSON.stringify(sandbox(parseArguments(process.argv.slice(2))))}\n`);
}

module.exports = { sandbox };
