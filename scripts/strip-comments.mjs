// Removes the comments from the package's JavaScript files: the JSDoc that
// wasm-bindgen copies into its glue (and our own notes) are about a quarter
// of those bytes, and every user downloads them. The typings keep the docs
// for editors. Each file is parsed and printed back by the TypeScript
// compiler, so only comments change; a leading `@ts-self-types` directive
// stays, as it points Deno and TypeScript at the typings.
// Usage: node scripts/strip-comments.mjs FILE.js...
import { readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';

const printer = ts.createPrinter({ removeComments: true });
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  if (source.parseDiagnostics.length > 0) {
    throw new Error(`${file}: ${source.parseDiagnostics[0].messageText}`);
  }
  const directive = /^\/\* @ts-self-types="[^"]+" \*\/\n/.exec(text)?.[0] ?? '';
  writeFileSync(file, directive + printer.printFile(source));
}
