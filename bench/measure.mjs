// Runs one Node program as a child process and reads back what it cost: CPU time (user + system)
// and peak resident memory, both from the child's own getrusage (see usage-hook.cjs), plus wall time.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HOOK = join(dirname(fileURLToPath(import.meta.url)), "usage-hook.cjs");

let serial = 0;

/**
 * A measured run that did not end as expected: it exited with another code, was killed, or ran past
 * its time limit. It carries what could still be measured: wall time always, CPU time and peak RSS
 * when the process lived to write its usage record (a crash or a kill leaves none).
 */
export class RunFailedError extends Error {
  constructor(message, { status, signal, timedOut, timeoutMs, wallMs, usage, stderr }) {
    super(message);
    this.name = "RunFailedError";
    this.status = status;
    this.signal = signal;
    this.timedOut = timedOut;
    this.timeoutMs = timeoutMs;
    this.wallMs = wallMs;
    this.usage = usage;
    this.stderr = stderr;
  }
}

/**
 * Runs `node ...args` once and returns { cpuMs, userMs, sysMs, rssMiB, wallMs, status, stdout, stderr }.
 * Throws `RunFailedError` when the exit code is not in `okCodes` (default [0]), when the process is
 * killed (by `timeoutMs`, when given, or otherwise), or when it left no usage record.
 */
export function measureRun(args, { cwd, scratch, okCodes = [0], env = {}, timeoutMs }) {
  const usageFile = join(scratch, `usage-${process.pid}-${serial++}`);
  rmSync(usageFile, { force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env, NODE_OPTIONS: `--require ${HOOK}`, BENCH_USAGE_FILE: usageFile, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
    killSignal: "SIGKILL",
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const command = `node ${args.join(" ")}`;
  const timedOut = result.error?.code === "ETIMEDOUT";
  if (result.error && !timedOut) throw new Error(`${command} could not run: ${result.error.message}`);
  const usage = readUsage(usageFile);
  const failure = { status: result.status, signal: result.signal, timedOut, timeoutMs, wallMs, usage, stderr: result.stderr ?? "" };
  if (timedOut) throw new RunFailedError(`${command} was ${stoppedAt(timeoutMs)}`, failure);
  if (!okCodes.includes(result.status)) {
    throw new RunFailedError(
      `${command} exited ${result.status ?? result.signal}, expected ${okCodes.join(" or ")}:\n${failure.stderr.slice(0, 2000)}`,
      failure,
    );
  }
  if (!usage) throw new RunFailedError(`${command} left no usage record (was it killed?)`, failure);
  return { ...usage, wallMs, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** How a run stopped at its time limit ended, the limit in seconds (a limit may be under a minute). */
function stoppedAt(timeoutMs) {
  return `stopped at its time limit of ${timeoutMs / 1000} s`;
}

/**
 * What a failed run left to report: how it ended, what it cost, and the line of its stderr that says
 * why (one naming an error or blendcheck, else the first; "wrote …" lines are not reasons).
 */
export function describeFailure(error) {
  const stderr = error.stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("wrote "));
  return {
    ended: error.timedOut ? stoppedAt(error.timeoutMs) : error.status !== null ? `exit ${error.status}` : `killed by ${error.signal}`,
    wallMs: error.wallMs,
    cpuMs: error.usage?.cpuMs,
    rssMiB: error.usage?.rssMiB,
    message: stderr.find((line) => /error|blendcheck:/i.test(line)) ?? stderr[0] ?? "",
  };
}

/** The usage records the hook appended, summed: { cpuMs, userMs, sysMs, rssMiB }, or undefined when there are none. */
function readUsage(usageFile) {
  let records;
  try {
    records = readFileSync(usageFile, "utf8").trim().split("\n");
  } catch {
    return undefined;
  }
  rmSync(usageFile, { force: true });
  // The first record is the measured process itself; any further ones are Node children it started.
  const totals = records.map((line) => line.split(" ").map(Number));
  const userMs = totals.reduce((sum, [user]) => sum + user, 0) / 1000;
  const sysMs = totals.reduce((sum, [, sys]) => sum + sys, 0) / 1000;
  const rssMiB = Math.max(...totals.map(([, , rss]) => rss)) / 1024;
  return { cpuMs: userMs + sysMs, userMs, sysMs, rssMiB };
}

/** Median, minimum and maximum of a list of numbers (the median of an even count is the mean of the middle two). */
export function summarize(values) {
  if (values.length === 0) throw new Error("summarize needs at least one value");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** The ratio of each pair of runs taken in the same repetition (a[i] / b[i]), summarized. */
export function summarizeRatios(a, b) {
  if (a.length !== b.length) throw new Error(`paired ratios need equal counts, got ${a.length} and ${b.length}`);
  return summarize(a.map((value, i) => value / b[i]));
}

/** Parses a size such as `1k`, `10k`, `100k`, `1m` or `2500` into a workload count. */
export function parseSize(text) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([km]?)\s*$/i.exec(text);
  if (!match) throw new Error(`expected a size such as 1k, 10k, 100k or 2500, got "${text}"`);
  const factor = { "": 1, k: 1000, m: 1_000_000 }[match[2].toLowerCase()];
  const value = Math.round(Number(match[1]) * factor);
  if (value < 1) throw new Error(`expected a size of at least one workload, got "${text}"`);
  return value;
}

/** A workload count as the options write it: 1000 → `1k`, 100000 → `100k`, 2500 → `2500`. */
export function formatSize(count) {
  if (count % 1_000_000 === 0) return `${count / 1_000_000}m`;
  if (count % 1000 === 0) return `${count / 1000}k`;
  return String(count);
}
