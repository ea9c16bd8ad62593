import { setFlagsFromString } from "node:v8";
import { packageInfo } from "../package-root.js";
import { prebuiltHelp } from "./prebuilt-help.js";

// A reader that stops early (`blendcheck report a.json --format html --out - | head`) closes the
// pipe; that ends the output, it is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

/** Bytecode a function runs between V8's checks for optimizing it (66 KiB by default in Node 20's V8). */
const OPTIMIZE_AFTER_BYTES = 1024 * 1024;

const argv = process.argv.slice(2);
// `--help` alone or after a command name is answered from the text the build recorded, when it applies.
const helpFor =
  argv.length === 1 && argv[0] === "--help"
    ? ""
    : argv.length === 2 && argv[1] === "--help" && !argv[0]?.startsWith("-")
      ? argv[0]
      : undefined;
const help = helpFor === undefined ? undefined : prebuiltHelp(helpFor);
if (argv.length === 1 && argv[0] === "--version") {
  // Answered before the argument parser and the engine load: a version check costs what Node costs.
  process.stdout.write(`${packageInfo().version}\n`);
} else if (help !== undefined) {
  process.stdout.write(help);
} else {
  // A run is over in a second or two for a catalog and in a minute for a large estate. With V8's
  // default budget the optimizing compiler starts on hundreds of functions a short run leaves soon
  // after, and its threads spent about as much CPU as the run itself; a budget sixteen times larger
  // leaves it the functions that stay hot.
  setFlagsFromString(`--interrupt-budget=${OPTIMIZE_AFTER_BYTES}`);
  // The parser and the command table load here; each command loads what it runs only when it runs.
  const { runCli } = await import("./run.js");
  process.exitCode = await runCli(argv);
}
