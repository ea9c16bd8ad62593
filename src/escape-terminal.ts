/**
 * Characters that must not reach a terminal or a CI log as they are: C0 and C1 controls (line
 * breaks, ESC starting ANSI and OSC sequences, NUL), DEL, the Unicode line and paragraph
 * separators, and the bidirectional embedding, override and isolate marks that reorder text on
 * screen (https://unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters).
 * One character per match, so the scan is linear.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** How many characters of one value a terminal message shows before cutting it. */
export const MAX_TERMINAL_CHARS = 2000;

/**
 * Escapes text from input for one line of terminal or CI log output: every control, line break
 * and bidirectional mark becomes a visible escape (`\n`, `\x1b`, `\u202e`), `::` becomes `:\:`
 * so no line can start a GitHub Actions workflow command, and text over `max` characters is cut
 * with a note of how much was left out.
 */
export function escapeTerminal(text: string, max: number = MAX_TERMINAL_CHARS): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const escaped = cut
    .replace(UNSAFE, (c) => NAMED[c] ?? `\\${c.charCodeAt(0) < 0x100 ? `x${hex(c, 2)}` : `u${hex(c, 4)}`}`)
    .replace(/:(?=:)/g, ":\\");
  return cut === text ? escaped : `${escaped}… (${text.length - max} more characters)`;
}

function hex(c: string, width: number): string {
  return c.charCodeAt(0).toString(16).padStart(width, "0");
}
