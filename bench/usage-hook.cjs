// Preloaded with --require into every measured Node process: at exit it appends the process's own
// CPU time (user and system, microseconds, from getrusage) and peak resident set size (kilobytes)
// to the file named by BENCH_USAGE_FILE. Every tool, the floor and `node -e 0` carry the same hook.
const { appendFileSync, readFileSync } = require("node:fs");

/**
 * The process's own peak resident set size in KiB. On Linux this is `VmHWM` of /proc/self/status:
 * getrusage's `ru_maxrss` also counts the parent's pages the process held between fork and exec, so
 * a small process started by a large harness would read as large as the harness.
 */
function peakKiB() {
  try {
    const found = /^VmHWM:\s*(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (found) return Number(found[1]);
  } catch {
    // No /proc: getrusage's figure is the best there is.
  }
  return process.resourceUsage().maxRSS;
}

const target = process.env.BENCH_USAGE_FILE;
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    appendFileSync(target, `${usage.userCPUTime} ${usage.systemCPUTime} ${peakKiB()}\n`);
  });
}
