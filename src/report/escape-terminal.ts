// The escaper lives in `src/escape-terminal.ts`, shared with the gate and the loaders, which must not
// depend on the reporters. This re-export keeps `src/cli/read-inputs.ts` building until it imports that
// module directly; then this file goes.
export { escapeTerminal, MAX_TERMINAL_CHARS } from "../escape-terminal.js";
