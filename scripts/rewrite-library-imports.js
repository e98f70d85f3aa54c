#!/usr/bin/env node
// Rewrites relative imports of another library (`../../persistence/src`,
// `../../../libs/persistence/src/entities/campaign.entity`) to `@observatory/<name>`, its public
// index. Run once after a merge; running it again changes nothing (it is idempotent).
//
//   node scripts/rewrite-library-imports.js            # rewrite every library
//   node scripts/rewrite-library-imports.js --check    # only report; exit 1 if a rewrite is due
//   node scripts/rewrite-library-imports.js --only instrument-sdk,errors
//
// A deep import (`…/src/entities/campaign.entity`) is rewritten only when every name it imports is
// exported by the library's index as the very same declaration (the TypeScript checker compares
// them). Anything else is left as it is and listed at the end with the reason: names the index
// does not export (export them from libs/<name>/src/index.ts, or decide they stay private), a
// default, namespace or side-effect import, `export *`, or a deep path given to require/jest.mock.
// Imports inside a library of its own files stay relative. Folders with a package.json of their
// own (plugins) are skipped: they import the published SDK. The files changed are reformatted
// with prettier (a longer specifier can push a line past the print width).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const {
  ROOT,
  SCOPE,
  MODULE_CALLS,
  libraryOf,
  isInside,
  internalsAllowed,
  usesRepositoryLibraries,
} = require('./library-paths');

function parseArguments(argv) {
  const options = { check: false, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--check') options.check = true;
    else if (argument === '--only') options.only = new Set(argv[++i].split(','));
    else if (argument.startsWith('--only=')) options.only = new Set(argument.slice(7).split(','));
    else throw new Error(`unknown argument ${argument}; use --check and --only <names>`);
  }
  return options;
}

/** Tracked and new (not ignored) TypeScript files of the repository's own code. */
function sourceFiles() {
  const listed = execFileSync(
    'git',
    [
      'ls-files',
      '--cached',
      '--others',
      '--exclude-standard',
      '-z',
      '--',
      '*.ts',
      '*.mts',
      '*.cts',
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return [...new Set(listed.split('\0').filter(Boolean))]
    .map((file) => path.join(ROOT, file))
    .filter((file) => !file.endsWith('.d.ts') && fs.existsSync(file))
    .filter((file) => usesRepositoryLibraries(path.dirname(file)));
}

function createProgram(files) {
  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  return ts.createProgram({
    rootNames: files,
    options: { ...parsed.options, noEmit: true, incremental: false },
  });
}

/** Every module specifier of a file: imports, exports, require(), import() and jest.mock(). */
function moduleReferences(sourceFile) {
  const found = [];
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ statement: node, specifier: node.moduleSpecifier });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push({ statement: node, specifier: node.moduleReference.expression, call: 'require' });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const [first] = node.arguments;
      const callee =
        node.expression.kind === ts.SyntaxKind.ImportKeyword
          ? 'import()'
          : node.expression.getText(sourceFile);
      if (ts.isStringLiteralLike(first) && (callee === 'import()' || MODULE_CALLS.has(callee))) {
        found.push({ statement: node, specifier: first, call: callee });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The file a relative specifier designates, as TypeScript resolves it. */
function resolvedFile(specifier, containingFile, options) {
  const { resolvedModule } = ts.resolveModuleName(specifier, containingFile, options, ts.sys);
  return resolvedModule?.resolvedFileName;
}

function run() {
  const options = parseArguments(process.argv.slice(2));
  const files = sourceFiles();
  const program = createProgram(files);
  const compilerOptions = program.getCompilerOptions();
  const checker = program.getTypeChecker();
  const indexExports = new Map();

  /** name → declaration symbol, of what libs/<name>/src/index.ts exports. */
  const exportsOfIndex = (library) => {
    if (!indexExports.has(library.name)) {
      const index = program.getSourceFile(path.join(library.src, 'index.ts'));
      const symbol = index && checker.getSymbolAtLocation(index);
      const table = new Map();
      if (symbol) {
        for (const exported of checker.getExportsOfModule(symbol)) {
          table.set(exported.getName(), declared(exported));
        }
      }
      indexExports.set(library.name, index ? table : undefined);
    }
    return indexExports.get(library.name);
  };
  const declared = (symbol) =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

  const edits = new Map();
  const leftAlone = [];
  let rewritten = 0;

  for (const file of files) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) continue;
    const own = libraryOf(file);
    for (const { statement, specifier, call } of moduleReferences(sourceFile)) {
      const text = specifier.text;
      const line =
        sourceFile.getLineAndCharacterOfPosition(specifier.getStart(sourceFile)).line + 1;
      const where = `${path.relative(ROOT, file)}:${line}`;
      const note = (reason) => leftAlone.push({ where, specifier: text, reason });

      if (text.startsWith(SCOPE)) {
        const rest = text.slice(SCOPE.length);
        const target = resolvedFile(text, file, compilerOptions);
        if (rest.includes('/') && target === undefined) {
          note(`"${text}" is not a declared entry point (tsconfig.json paths)`);
        }
        continue;
      }
      if (!text.startsWith('.')) continue;
      const absolute = path.resolve(path.dirname(file), text);
      const library = libraryOf(absolute);
      if (library === undefined || !isInside(absolute, library.src)) continue;
      if (own !== undefined && own.name === library.name) continue;
      if (options.only && !options.only.has(library.name)) continue;

      const target = resolvedFile(text, file, compilerOptions);
      if (target === undefined) {
        note('the path resolves to no file');
        continue;
      }
      const alias = `${SCOPE}${library.name}`;
      const isIndex = target === path.join(library.src, 'index.ts');
      const replace = () => {
        const list = edits.get(file) ?? [];
        list.push({
          start: specifier.getStart(sourceFile) + 1,
          end: specifier.getEnd() - 1,
          alias,
        });
        edits.set(file, list);
        rewritten += 1;
      };
      if (isIndex) {
        replace();
        continue;
      }
      const deep = (reason) =>
        internalsAllowed(file) ? undefined : note(`deep import of ${alias}: ${reason}`);
      if (call !== undefined) {
        deep(
          `${call} of an internal module cannot point at the index without changing what it loads`,
        );
        continue;
      }
      const names = importedNames(statement);
      if (names.kind !== 'named') {
        deep(`${names.kind} import; import named exports of the index instead`);
        continue;
      }
      const publicNames = exportsOfIndex(library);
      if (publicNames === undefined) {
        note(`libs/${library.name}/src/index.ts does not exist`);
        continue;
      }
      const moduleSymbol = checker.getSymbolAtLocation(specifier);
      const deepExports = new Map(
        (moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []).map((symbol) => [
          symbol.getName(),
          declared(symbol),
        ]),
      );
      const missing = names.names.filter((name) => {
        const exported = publicNames.get(name);
        return exported === undefined || exported !== deepExports.get(name);
      });
      if (missing.length === 0) replace();
      else deep(`the index does not export ${missing.join(', ')}`);
    }
  }

  for (const [file, list] of edits) {
    let content = fs.readFileSync(file, 'utf8');
    for (const { start, end, alias } of list.sort((a, b) => b.start - a.start)) {
      content = content.slice(0, start) + alias + content.slice(end);
    }
    if (!options.check) fs.writeFileSync(file, content);
  }

  if (!options.check && edits.size > 0) formatWithPrettier([...edits.keys()]);

  const verb = options.check ? 'would rewrite' : 'rewrote';
  console.log(`${verb} ${rewritten} import(s) in ${edits.size} file(s)`);
  if (options.check) for (const file of edits.keys()) console.log(`  ${path.relative(ROOT, file)}`);
  if (leftAlone.length > 0) {
    console.log(`\n${leftAlone.length} import(s) left as they are:`);
    for (const { where, specifier, reason } of leftAlone) {
      console.log(`  ${where}  '${specifier}'  ${reason}`);
    }
  }
  if (options.check && rewritten > 0) process.exitCode = 1;
}

/** A longer specifier can push a line past the print width: reformat the files changed. */
function formatWithPrettier(changed) {
  const manifest = require.resolve('prettier/package.json', { paths: [ROOT] });
  const bin = path.join(path.dirname(manifest), 'bin', 'prettier.cjs');
  execFileSync(process.execPath, [bin, '--write', '--log-level', 'warn', ...changed], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** What a statement imports: its named bindings, or why they cannot be listed. */
function importedNames(statement) {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause) return { kind: 'side-effect' };
    if (clause.name) return { kind: 'default' };
    const bindings = clause.namedBindings;
    if (!bindings) return { kind: 'side-effect' };
    if (ts.isNamespaceImport(bindings)) return { kind: 'namespace' };
    return {
      kind: 'named',
      names: bindings.elements.map((element) => (element.propertyName ?? element.name).text),
    };
  }
  if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause;
    if (!clause) return { kind: '"export *"' };
    if (ts.isNamespaceExport(clause)) return { kind: 'namespace' };
    return {
      kind: 'named',
      names: clause.elements.map((element) => (element.propertyName ?? element.name).text),
    };
  }
  return { kind: 'require' };
}

run();
