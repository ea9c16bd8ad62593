// Registers a resolve hook that appends to the file named by BLENDCHECK_IMPORT_LOG every package a
// process names in an import and the address of every file it resolves, so a test can see what a
// command loads (test/helpers/imports.ts reads the log).
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  if (!specifier.startsWith(".") && !specifier.startsWith("node:") && !specifier.startsWith("file:") && !specifier.startsWith("data:")) {
    appendFileSync(process.env.BLENDCHECK_IMPORT_LOG, specifier + "\\n");
  }
  const resolved = await next(specifier, context);
  if (resolved.url.startsWith("file:")) appendFileSync(process.env.BLENDCHECK_IMPORT_LOG, resolved.url + "\\n");
  return resolved;
}`)}`,
);
