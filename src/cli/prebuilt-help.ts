import { readFileSync } from "node:fs";

/** The file the build writes next to the CLI bundle: each command's help text as yargs prints it. */
const HELP_FILE = new URL("help.json", import.meta.url);

/** The width yargs wraps help to when stdout is not a terminal, and at most on one (src/cli/run.ts). */
export const HELP_WIDTH = 100;

/**
 * The help text yargs prints for `blendcheck [command] --help` (`""` for none), as the build recorded it, so that
 * asking for help loads no argument parser. Undefined whenever the text could differ from what yargs
 * would print now: a terminal narrower than the recorded width, a language other than English
 * (yargs translates its headings), an unknown command, or no recorded texts (running from source).
 */
export function prebuiltHelp(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (Math.min(HELP_WIDTH, process.stdout.columns || HELP_WIDTH) !== HELP_WIDTH) return undefined;
  // The locale as yargs guesses it (its kGuessLocale); English and the C locale print the untranslated text.
  const locale = (env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE || "en_US").replace(/[.:].*/, "");
  if (!/^(en|en_[A-Za-z]+|C|POSIX)$/.test(locale)) return undefined;
  let texts: Record<string, string>;
  try {
    texts = JSON.parse(readFileSync(HELP_FILE, "utf8")) as Record<string, string>;
  } catch {
    return undefined;
  }
  return Object.hasOwn(texts, command) ? texts[command] : undefined;
}
