import type { Argv } from "yargs";

/** One CLI command: its usage line, its options, and an async handler that returns an exit code. */
export interface Command<A> {
  name: string;
  describe: string;
  builder: (yargs: Argv) => Argv<A>;
  run: (args: A) => Promise<number>;
}
