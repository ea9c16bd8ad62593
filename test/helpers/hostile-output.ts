/** True when a line of output would be read by a terminal or GitHub Actions as more than text. */
export function isHostile(output: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the check is about control characters.
  return output.split("\n").some((line) => /^\s*::/.test(line) || /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/.test(line));
}
