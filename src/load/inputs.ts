import { documentChecker } from "./check-file.js";
import { type Inputs, type LoadOptions, loadInputsWith } from "./load-inputs.js";

export { type Inputs, type LoadOptions, STDIN_NAME, serviceIndex } from "./load-inputs.js";

/**
 * Reads the built-in catalog and the user's paths (`loadInputsWith`), validating against the
 * schemas whatever the catalog snapshot does not hold.
 */
export function loadInputs(options: LoadOptions): Inputs {
  return loadInputsWith(options, documentChecker);
}
