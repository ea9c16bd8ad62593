// The folders `assess` reads when given no paths: the built-in catalog's, as `builtinPaths` in
// src/package-root.ts names them (the report templates aside, which the build precompiles). The
// catalog job's floor reads and parses the same files.
import { join } from "node:path";

/** The built-in catalog's folders under the package root: profiles, the libraries they use, rules with placements and mitigations. */
export function catalogInputs(root) {
  return [join(root, "fixtures", "services"), join(root, "fixtures", "libraries"), join(root, "rules")];
}
