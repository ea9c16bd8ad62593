// `npm run bench`: generates synthetic estates of 100, 1,000 and 10,000 workloads and measures, in the
// same run, the floor (read + parse YAML), `blendcheck assess` (all formats), a peer (Spectral with an
// equivalent ruleset), cold start against `node -e 0`, and the peak memory of each. Writes
// bench/results.md. No network is used.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, platform, release, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateEstate } from "./generate.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const HOOK = join(ROOT, "bench", "maxrss-hook.cjs");
const CLI = join(ROOT, "dist", "cli.mjs");
const SPECTRAL = join(ROOT, "node_modules", "@stoplight", "spectral-cli", "dist", "index.js");
const SIZES = (process.env.BENCH_SIZES ?? "100,1000,10000").split(",").map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

/** Runs a Node program once and returns its wall time (ms) and peak RSS (MiB). */
function measure(args, options = {}) {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}`);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NODE_OPTIONS: `--require ${HOOK}`, BENCH_MAXRSS_FILE: rssFile, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && !(options.okCodes ?? []).includes(result.status)) {
    throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr.slice(0, 2000)}`);
  }
  const rss = readFileSync(rssFile, "utf8").trim().split("\n").map(Number);
  rmSync(rssFile, { force: true });
  return { ms, mib: Math.max(...rss) / 1024 };
}

/** The median of repeated measurements (time and memory medians taken separately). */
function median(args, options, repeats = REPEATS) {
  const runs = Array.from({ length: repeats }, () => measure(args, options));
  const mid = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { ms: mid(runs.map((r) => r.ms)), mib: mid(runs.map((r) => r.mib)) };
}

const work = mkdtempSync(join(tmpdir(), "blendcheck-bench-"));
const formats = Object.keys((await import(join(ROOT, "dist", "index.mjs"))).FORMATS).join(",");
const rows = [];
try {
  for (const size of SIZES) {
    const estate = join(work, `estate-${size}`);
    const { manifests, configs } = generateEstate(estate, size);
    const out = join(work, `out-${size}`);
    const floor = median([join(ROOT, "bench", "floor.mjs"), estate]);
    const assess = median([CLI, "assess", estate, "--format", formats, "--out", out]);
    const spectral = median(
      [
        SPECTRAL,
        "lint",
        join(estate, "manifests", "*.yaml"),
        "--ruleset",
        join(ROOT, "bench", "spectral-ruleset.yaml"),
        "--format",
        "json",
        "--quiet",
      ],
      { okCodes: [1] },
    );
    rows.push({ size, files: manifests.length + configs.length, floor, assess, spectral });
    process.stderr.write(
      `${size} workloads: floor ${floor.ms.toFixed(0)} ms, assess ${assess.ms.toFixed(0)} ms, spectral ${spectral.ms.toFixed(0)} ms\n`,
    );
  }
  const nodeStart = median(["-e", "0"], {}, 10);
  const cliStart = median([CLI, "--version"], {}, 10);

  const ratio = (a, b) => (a / b).toFixed(2);
  const cpu = cpus();
  const lines = [
    "# Benchmark results",
    "",
    "Written by `npm run bench`. Each figure is the median of repeated runs in one session; ratios compare",
    "against the floor measured in the same run, so they hold across machines better than the times do.",
    "",
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory (${(freemem() / 2 ** 30).toFixed(1)} GiB free at the end), ${platform()} ${release()}, Node ${process.version}.`,
    `Repeats: ${REPEATS} per estate, 10 for cold start. Formats written by assess: ${formats}.`,
    "",
    "The floor reads every file and parses the YAML ones with js-yaml. The peer is Spectral linting the same",
    "manifests with a ruleset of the checks both tools can express (readiness probe, hostNetwork, grace period,",
    "privileged); Spectral does not read the oslo.config files.",
    "",
    "| workloads | files | floor ms | assess ms | Spectral ms | assess / floor | Spectral / floor | assess / Spectral | floor MiB | assess MiB | Spectral MiB | assess MiB / floor MiB |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.size} | ${r.files} | ${r.floor.ms.toFixed(0)} | ${r.assess.ms.toFixed(0)} | ${r.spectral.ms.toFixed(0)} | ${ratio(r.assess.ms, r.floor.ms)} | ${ratio(r.spectral.ms, r.floor.ms)} | ${ratio(r.assess.ms, r.spectral.ms)} | ${r.floor.mib.toFixed(0)} | ${r.assess.mib.toFixed(0)} | ${r.spectral.mib.toFixed(0)} | ${ratio(r.assess.mib, r.floor.mib)} |`,
    ),
    "",
    "| cold start | ms | MiB |",
    "|---|---:|---:|",
    `| \`node -e 0\` | ${nodeStart.ms.toFixed(0)} | ${nodeStart.mib.toFixed(0)} |`,
    `| \`blendcheck --version\` | ${cliStart.ms.toFixed(0)} | ${cliStart.mib.toFixed(0)} |`,
    `| ratio | ${ratio(cliStart.ms, nodeStart.ms)} | ${ratio(cliStart.mib, nodeStart.mib)} |`,
    "",
  ];
  writeFileSync(join(ROOT, "bench", "results.md"), lines.join("\n"));
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
