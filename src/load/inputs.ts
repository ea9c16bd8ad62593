import { documentChecker } from "./check-file.js";
import { type Inputs, type LoadOptions, loadInputsWith } from "./load-inputs.js";

export { type Inputs, type LoadOptions, STDIN_NAME, serviceIndex } from "./load-inputs.js";

/**
 * Reads the built-in catalog and the user's paths (`loadInputsWith`), validating against the
 * schemas whatever the catalog snapshot does not hold.
 */
export function loadInputs(options: LoadOptions): Inputs {
  checkLoadOptions(options);
  return loadInputsWith(options, documentChecker);
}

/** Refuses what a JavaScript caller may pass that is not `LoadOptions`, naming what is wrong, before anything is read. */
function checkLoadOptions(options: unknown): void {
  const kind = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value);
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`expected loadInputs({ paths, cwd }) with an options object, got ${kind(options)}`);
  }
  const { paths, cwd } = options as Partial<LoadOptions>;
  const other = Array.isArray(paths) ? paths.findIndex((path) => typeof path !== "string") : -1;
  if (!Array.isArray(paths) || other >= 0) {
    const got = Array.isArray(paths) ? `an array holding ${kind(paths[other])}` : kind(paths);
    throw new TypeError(`expected the paths option of loadInputs to be an array of strings, got ${got}`);
  }
  if (typeof cwd !== "string") throw new TypeError(`expected the cwd option of loadInputs to be a string, got ${kind(cwd)}`);
}
