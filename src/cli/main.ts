import { hideBin } from "yargs/helpers";
import { runCli } from "./run.js";

// A reader that stops early (`blendcheck report a.json --format html --out - | head`) closes the
// pipe; that ends the output, it is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(hideBin(process.argv));
