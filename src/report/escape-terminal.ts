// The escaper is shared with the gate and the loaders, which must not depend on the reporters; it lives in `src/escape-terminal.ts`.
export { escapeTerminal, MAX_TERMINAL_CHARS } from "../escape-terminal.js";
