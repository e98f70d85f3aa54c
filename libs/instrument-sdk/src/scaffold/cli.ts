#!/usr/bin/env node
/**
 * observatory-new-instrument-kind <kind> [--dir <folder>] [--builtin]
 *
 * Creates the folder of a new instrument kind: its plugin, a version file, a README and a passing
 * test. Without --builtin, a plugin package of its own in ./<kind> (or --dir); with --builtin (the
 * service's `npm run new-instrument-kind`), instruments/<kind>/ of the service's repository.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KIND_NAME, scaffoldFiles, type ScaffoldLayout } from './templates';

export function scaffold(kind: string, folder: string, layout: ScaffoldLayout): string[] {
  if (!KIND_NAME.test(kind)) {
    throw new Error(
      `"${kind}" is not a kind name: use lower-case letters and digits separated by - or _, e.g. "activity-report"`,
    );
  }
  if (fs.existsSync(folder)) {
    throw new Error(`${folder} already exists: choose another kind or --dir, nothing was written`);
  }
  const files = scaffoldFiles(kind, layout);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), content);
  }
  return Object.keys(files).sort();
}

const USAGE = 'usage: observatory-new-instrument-kind <kind> [--dir <folder>] [--builtin]';

function main(argv: string[]): void {
  const positional: string[] = [];
  let dir: string | undefined;
  let builtin = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--builtin') builtin = true;
    else if (argv[i] === '--dir' && argv[i + 1] !== undefined) dir = argv[++i];
    else if (argv[i].startsWith('-')) throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    else positional.push(argv[i]);
  }
  if (positional.length !== 1) throw new Error(USAGE);
  const [kind] = positional;
  const layout: ScaffoldLayout = builtin ? 'builtin' : 'package';
  const folder = path.resolve(dir ?? (builtin ? path.join('instruments', kind) : kind));
  const written = scaffold(kind, folder, layout);
  const where = path.relative(process.cwd(), folder) || '.';
  process.stdout.write(
    `created ${folder}:\n${written.map((file) => `  ${file}\n`).join('')}` +
      (layout === 'package'
        ? `next: cd ${where} && npm install && npm test\n`
        : `next: npx jest ${where}\n`),
  );
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
