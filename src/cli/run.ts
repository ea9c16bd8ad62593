import yargs, { type Argv } from "yargs";
import { escapeTerminal } from "../escape-terminal.js";
import { packageInfo } from "../package-root.js";
import { assessCommand } from "./commands/assess.js";
import { diffCommand } from "./commands/diff.js";
import { gateCommand } from "./commands/gate.js";
import { placementsCommand } from "./commands/placements.js";
import { profilesCommand } from "./commands/profiles.js";
import { reportCommand } from "./commands/report.js";
import { rulesCommand } from "./commands/rules.js";
import { schemaCommand } from "./commands/schema.js";
import { validateCommand } from "./commands/validate.js";
import { EXIT, UsageError } from "./exit-codes.js";

/** The table of commands; each lives in its own file under `commands/`. */
export const COMMANDS = [
  assessCommand,
  validateCommand,
  rulesCommand,
  schemaCommand,
  profilesCommand,
  placementsCommand,
  gateCommand,
  diffCommand,
  reportCommand,
];

/** Stands in for a lone `-` while yargs parses, since yargs drops it as a value and as a positional. */
const DASH = "\u0000-";

/** Puts the lone `-` (standard input as a path, stdout as `--out`) back into the parsed arguments. */
function restoreDash(args: Record<string, unknown>): Record<string, unknown> {
  const restore = (value: unknown): unknown =>
    value === DASH ? "-" : Array.isArray(value) ? value.map((v) => (v === DASH ? "-" : v)) : value;
  return Object.fromEntries(Object.entries(args).map(([key, value]) => [key, restore(value)]));
}

/**
 * The argument parser with the command table; `onRun` receives the exit code of the command that ran.
 * `parsed` is the arguments with each lone `-` stood in for (see DASH).
 */
export function buildParser(parsed: string[], onRun: (code: number) => void): Argv {
  let cli = yargs(parsed)
    .scriptName("blendcheck")
    .version(packageInfo().version)
    .strict()
    .demandCommand(1, "expected a command; see --help")
    .recommendCommands()
    .option("debug", { type: "boolean", describe: "Print stack traces for internal errors", global: true })
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(message);
    });
  for (const command of COMMANDS) {
    cli = cli.command(command.name, command.describe, command.builder as never, async (args) => {
      onRun(await command.run(restoreDash(args) as never));
    });
  }
  skipHelpCaching(cli);
  return cli;
}

/** What skipHelpCaching reaches of yargs' internals; each part may be missing in another version. */
interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } | undefined;
}

/**
 * yargs renders a command's whole help (a cliui table, every string's display width) each time it runs
 * the command's handler, to show it should the handler fail later. blendcheck shows a failure's
 * message alone and prints its help itself, so the text was never read; rendering it was about a
 * twentieth of the catalog job's CPU. Where yargs has no such step, nothing changes.
 */
function skipHelpCaching(cli: Argv): void {
  const usage = (cli as YargsInternals).getInternalMethods?.()?.getUsageInstance?.();
  if (usage !== undefined && typeof usage.cacheHelpMessage === "function") usage.cacheHelpMessage = () => {};
}

/** Runs the CLI with the given arguments and returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const end = argv.indexOf("--");
  const parsed = argv.map((arg, i) => (arg === "-" && (end < 0 || i < end) ? DASH : arg));
  try {
    let code: number = EXIT.ok;
    await buildParser(parsed, (ran) => {
      code = ran;
    }).parseAsync();
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`blendcheck: ${escapeMessage(error.message)}\n`);
      return error.code;
    }
    process.stderr.write(`blendcheck: internal error: ${escapeTerminal(error instanceof Error ? error.message : String(error))}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.stderr.write("This is a bug in blendcheck; please report it with the command you ran (add --debug for a stack trace).\n");
    return EXIT.internal;
  }
}

/** Escapes each line of a message: a usage error may carry formatted problems, one per line. */
function escapeMessage(message: string): string {
  return message
    .split("\n")
    .map((line) => escapeTerminal(line))
    .join("\n");
}
