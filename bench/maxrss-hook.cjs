// Preloaded with --require into every measured Node process: at exit it appends the process's peak
// resident set size (kilobytes, from getrusage) to the file named by BENCH_MAXRSS_FILE.
const { appendFileSync } = require("node:fs");

const target = process.env.BENCH_MAXRSS_FILE;
if (target) {
  process.on("exit", () => {
    appendFileSync(target, `${process.resourceUsage().maxRSS}\n`);
  });
}
