/**
 * Writes libs/anonymisation/src/disclosure-control/perturbation-tables.json: the perturbation
 * tables of the cell-key method, one per k, from the generator and the parameters (D, V) in
 * cell-key.ts. Run after changing either, and commit the result:
 *
 *   node -r ./test/support/ts-register.js scripts/generate-perturbation-tables.ts
 *
 * It also prints the expected absolute error by true count (the table in
 * docs/disclosure-control.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { generatedPerturbationTables } from '@observatory/anonymisation';
import { rowProbabilities } from '@observatory/anonymisation';

const target = path.resolve(
  __dirname,
  '../libs/anonymisation/src/disclosure-control/perturbation-tables.json',
);
const generated = generatedPerturbationTables();

async function main(): Promise<void> {
  const options = (await prettier.resolveConfig(target)) ?? {};
  fs.writeFileSync(
    target,
    await prettier.format(JSON.stringify(generated), { ...options, parser: 'json' }),
  );
  console.log(`wrote ${generated.tables.length} tables to ${path.relative(process.cwd(), target)}`);

  for (const table of generated.tables.filter((t) => [3, 5, 11].includes(t.k))) {
    const errors = table.rows.map((row) =>
      rowProbabilities(row).reduce(
        (sum, { value, probability }) => sum + probability * Math.abs(value - row.count),
        0,
      ),
    );
    console.log(
      `k = ${table.k}: ` +
        errors.map((e, n) => `${n}: ${e.toFixed(2)}`).join(', ') +
        ' (last row: every larger count)',
    );
  }
}

void main();
