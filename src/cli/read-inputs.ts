import { readSync } from "node:fs";
import { escapeTerminal } from "../escape-terminal.js";
import { compileGlobs } from "../load/glob.js";
import { type DocumentChecker, UncheckedDocumentError } from "../load/load-documents.js";
import { type Inputs, type LoadOptions, loadInputsWith } from "../load/load-inputs.js";
import { formatProblem } from "../load/problem.js";
import { describeSuggestion } from "../load/suggest.js";
import { UsageError } from "./exit-codes.js";
import {
  boundHeapGrowth,
  keepAllocationsYoung,
  SMALL_RUN_SUBJECTS,
  scavengeOnMainThread,
  useShortRunCompilers,
  useSmallRunHeap,
} from "./small-run.js";

/** What `loadOrFail` leaves out of the user's paths. */
export interface ReadOptions {
  exclude?: readonly string[];
  /** Assess nothing when any input file cannot be read, instead of skipping that file. */
  strict?: boolean;
  /** The output folder, so reports written by an earlier run are never read back as input. */
  out?: string;
}

/**
 * Loads the inputs, printing every problem to stderr; input errors raise a UsageError (exit 2). A
 * deployment file that cannot be read is skipped instead, unless `strict`: the caller assesses the
 * rest and exits 2 at the end (see `hasSkippedFiles`).
 */
export async function loadOrFail(paths: readonly string[], rulesDirs: readonly string[], options: ReadOptions = {}): Promise<Inputs> {
  scavengeOnMainThread();
  // The built-in catalog alone is known to be a small run before it is read; other inputs once they are.
  if (paths.length === 0 && rulesDirs.length === 0) {
    useSmallRunHeap();
    useShortRunCompilers();
  } else {
    boundHeapGrowth();
    keepAllocationsYoung();
  }
  const inputs = await loadChecked({
    paths,
    rulesDirs,
    cwd: process.cwd(),
    exclude: options.exclude ?? [],
    skipDirectories: options.out === undefined || options.out === "-" ? [] : [options.out],
    ...(paths.includes("-") ? { stdin: readStdin() } : {}),
  });
  for (const problem of inputs.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  const skipped = new Set(options.strict ? [] : inputs.extracted.skipped);
  const count = inputs.problems.filter((p) => p.severity === "error" && !skipped.has(p.file)).length;
  if (count > 0) throw new UsageError(`${count} problem(s) in the input; nothing was assessed`);
  // With every artifact skipped, assessing would fall back to the built-in catalog: nothing the user gave was read.
  if (skipped.size > 0 && inputs.userServices.length === 0) {
    throw new UsageError(`skipped ${skipped.size} file(s) that could not be read, and the rest name no service; nothing was assessed`);
  }
  if (skipped.size > 0) process.stderr.write(`skipped ${skipped.size} file(s) that could not be read; assessed the rest\n`);
  if (subjectsToAssess(inputs) <= SMALL_RUN_SUBJECTS) useSmallRunHeap();
  return inputs;
}

/**
 * How many services a run assesses, as `assess` picks its subjects (before `--service` narrows
 * them): each workload of the user's files, and each service they name that no workload stands
 * for; without workloads, the services they name, else the built-in catalog's.
 */
export function subjectsToAssess(inputs: Inputs): number {
  const { workloads } = inputs.extracted;
  if (workloads.length === 0) return inputs.userServices.length || inputs.profiles.length;
  const named = new Set(inputs.userServices);
  const covered = new Set(workloads.map((w) => w.service));
  return workloads.length + inputs.profiles.filter((p) => named.has(p.value.metadata.name) && !covered.has(p.value.metadata.name)).length;
}

/**
 * Loads the inputs, with the schemas (and zod) loaded only when something needs validating. The
 * user's paths and rule folders usually hold documents of their own, so they bring the schemas in
 * first; the built-in catalog alone was validated at build time (the catalog snapshot), and a
 * built-in file changed since makes the load start again with them.
 */
export async function loadChecked(options: LoadOptions): Promise<Inputs> {
  const given = options.paths.length > 0 || (options.rulesDirs ?? []).length > 0;
  if (given) return loadInputsWith(options, await importChecker());
  try {
    return loadInputsWith(options, undefined);
  } catch (error) {
    if (!(error instanceof UncheckedDocumentError)) throw error;
    return loadInputsWith(options, await importChecker());
  }
}

async function importChecker(): Promise<DocumentChecker> {
  return (await import("../load/check-file.js")).documentChecker;
}

/** Reads all of standard input, saying on a terminal that it waits for it (a forgotten pipe). */
function readStdin(): string {
  if (process.stdin.isTTY) process.stderr.write("blendcheck: reading YAML from standard input (end it with Ctrl-D)\n");
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(STDIN_CHUNK);
  for (;;) {
    let read: number;
    try {
      read = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A pipe the parent process left non-blocking has no data yet: wait for more rather than fail.
      if (code === "EAGAIN") {
        Atomics.wait(STDIN_WAIT, 0, 0, 10);
        continue;
      }
      // Windows reports the end of a pipe as an error.
      if (code === "EOF") break;
      throw error;
    }
    if (read === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, read)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

const STDIN_CHUNK = 1 << 16;
const STDIN_WAIT = new Int32Array(new SharedArrayBuffer(4));

/**
 * Fails with exit 2 when the user named paths and they describe no service, listing why each
 * input was not recognised, so a run never silently falls back to reporting the built-in catalog.
 */
export function failWhenNothingAssessed(paths: readonly string[], inputs: Inputs, assessed?: number): void {
  if (paths.length === 0 || (assessed === undefined ? inputs.userServices.length > 0 : assessed > 0)) return;
  for (const u of inputs.extracted.unrecognized) {
    process.stderr.write(`${escapeTerminal(`${u.file}:${u.line} ${u.kind} ${u.name}: ${u.reason}`)}\n`);
  }
  throw new UsageError(
    "nothing assessed: no service was assessed, as the paths hold no service profile and no artifact of a known service",
  );
}

/**
 * Checks `--placement` and `--service` against the loaded placements and profiles, so a typo
 * exits 2 with a suggestion instead of an empty report.
 */
export function checkNames(inputs: Inputs, args: { placement: readonly string[]; service: readonly string[] }): void {
  const placements = inputs.placements.map((p) => p.value.metadata.name);
  for (const name of args.placement) {
    if (!placements.includes(name)) {
      throw new UsageError(
        `expected --placement among ${[...placements].sort().join(", ")}, got ${name}${describeSuggestion(name, placements)}`,
      );
    }
  }
  const services = inputs.userServices.length > 0 ? inputs.userServices : inputs.profiles.map((p) => p.value.metadata.name);
  for (const glob of args.service) {
    const matches = compileGlobs([glob]);
    if (!services.some((s) => matches(s))) {
      throw new UsageError(`expected --service to match a service, got ${glob}${describeSuggestion(glob, services)}`);
    }
  }
}

/** True when some input files were skipped, which makes the run exit 2 once its reports are written. */
export function hasSkippedFiles(inputs: Inputs): boolean {
  return inputs.extracted.skipped.length > 0;
}
