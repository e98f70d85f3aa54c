// Packs @observatory/instrument-sdk the way it is published: compiled JavaScript and .d.ts from
// libs/instrument-sdk/src (tsconfig.package.json), its package.json and README, then `npm pack`.
// Prints the path of the tarball: dist/packages/observatory-instrument-sdk-<version>.tgz.
//
//   npm run pack:sdk
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SOURCE = path.join(ROOT, 'libs', 'instrument-sdk');
const PACKAGES = path.join(ROOT, 'dist', 'packages');
const STAGE = path.join(PACKAGES, 'instrument-sdk');

function packSdk() {
  fs.rmSync(STAGE, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  execFileSync(process.execPath, [tsc, '-p', path.join(SOURCE, 'tsconfig.package.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  for (const file of ['package.json', 'README.md']) {
    fs.copyFileSync(path.join(SOURCE, file), path.join(STAGE, file));
  }
  fs.chmodSync(path.join(STAGE, 'dist', 'scaffold', 'cli.js'), 0o755);

  // The package's version is the SDK version the service checks plugins against.
  const manifest = JSON.parse(fs.readFileSync(path.join(STAGE, 'package.json'), 'utf8'));
  const { SDK_VERSION } = require(path.join(STAGE, 'dist', 'plugin.js'));
  if (manifest.version !== SDK_VERSION) {
    throw new Error(
      `libs/instrument-sdk/package.json says ${manifest.version} but SDK_VERSION is ${SDK_VERSION}: make them equal`,
    );
  }
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', PACKAGES], {
    cwd: STAGE,
    encoding: 'utf8',
  });
  const [{ filename }] = JSON.parse(output);
  return path.join(PACKAGES, filename);
}

module.exports = { packSdk };

if (require.main === module) process.stdout.write(`${packSdk()}\n`);
