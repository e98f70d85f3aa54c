// tsc compiles TypeScript only: copy the instrument versions (JSON) beside the compiled plugins.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const instruments = path.join(root, 'instruments');
for (const kind of fs.readdirSync(instruments)) {
  const versions = path.join(instruments, kind, 'versions');
  if (!fs.existsSync(versions)) continue;
  fs.cpSync(versions, path.join(root, 'dist', 'instruments', kind, 'versions'), {
    recursive: true,
  });
}
