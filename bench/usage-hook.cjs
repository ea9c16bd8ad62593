// Preloaded with --require into every measured Node process: at exit it appends the process's own
// CPU time (user and system, microseconds) and peak resident set size (kilobytes), from getrusage,
// to the file named by BENCH_USAGE_FILE. Every tool, the floor and `node -e 0` carry the same hook.
const { appendFileSync } = require("node:fs");

const target = process.env.BENCH_USAGE_FILE;
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    appendFileSync(target, `${usage.userCPUTime} ${usage.systemCPUTime} ${usage.maxRSS}\n`);
  });
}
