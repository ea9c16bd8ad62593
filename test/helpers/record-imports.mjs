// Registers a resolve hook that appends every package a process imports to the file named by
// BLENDCHECK_IMPORT_LOG, so a test can see what a command loads.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  if (!specifier.startsWith(".") && !specifier.startsWith("node:") && !specifier.startsWith("file:") && !specifier.startsWith("data:")) {
    appendFileSync(process.env.BLENDCHECK_IMPORT_LOG, specifier + "\\n");
  }
  return next(specifier, context);
}`)}`,
);
