import { runCli as runCliModule } from "../../src/cli/run.js";
import { ROOT } from "./cli.js";

/**
 * Runs the CLI inside the test process, with the same arguments, options and result as the
 * spawning `runCli`, for tests about a command's behaviour rather than about the process: it skips
 * starting Node and loading the bundle. The working directory, environment and stdout/stderr are
 * swapped for the call and restored after it, so calls must not overlap.
 */
export async function runCliInProcess(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1", ...options.env };
  const savedEnv = new Map(Object.keys(env).map((key) => [key, process.env[key]]));
  const savedCwd = process.cwd();
  const realCwd = process.cwd;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = capture(stdout);
  process.stderr.write = capture(stderr);
  try {
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    const cwd = options.cwd ?? ROOT;
    try {
      process.chdir(cwd);
    } catch {
      // Worker threads (as the mutation runner uses) cannot change directory: the CLI and
      // path.resolve read it through process.cwd(), so that is what changes there.
      process.cwd = () => cwd;
    }
    const code = await runCliModule(args);
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    if (process.cwd === realCwd) process.chdir(savedCwd);
    else process.cwd = realCwd;
    for (const [key, value] of savedEnv) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

function capture(into: string[]): typeof process.stdout.write {
  return ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
}
