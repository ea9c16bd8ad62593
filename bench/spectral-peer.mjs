// The benchmark's peer: Spectral, installed on demand at a pinned version into bench/.peers (never
// part of blendcheck's own install), run on one document per file, and its output checked.
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";

const BENCH = dirname(fileURLToPath(import.meta.url));

/** The Spectral version the benchmark compares against. */
export const SPECTRAL_VERSION = "6.16.3";

/** The folder the peer is installed into (ignored by git). */
export const PEERS_DIR = join(BENCH, ".peers");

/** The ruleset the peer runs. */
export const SPECTRAL_RULESET = join(BENCH, "spectral-ruleset.yaml");

/** The rule whose results mark each workload document Spectral read. */
export const CENSUS_RULE = "workload-census";

const CLI = join(PEERS_DIR, "node_modules", "@stoplight", "spectral-cli", "dist", "index.js");

/**
 * Installs the pinned Spectral CLI into bench/.peers unless that version is already there, with
 * install scripts off (its postinstall only sends telemetry). Returns the path of its entry point.
 */
export function ensureSpectral(log) {
  const manifest = join(PEERS_DIR, "node_modules", "@stoplight", "spectral-cli", "package.json");
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === SPECTRAL_VERSION) return CLI;
  log(`installing @stoplight/spectral-cli@${SPECTRAL_VERSION} into ${PEERS_DIR} (once)\n`);
  mkdirSync(PEERS_DIR, { recursive: true });
  writeFileSync(join(PEERS_DIR, "package.json"), `${JSON.stringify({ private: true, description: "benchmark peers" }, null, 2)}\n`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  execFileSync(
    npm,
    [
      "install",
      "--prefix",
      PEERS_DIR,
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--save-exact",
      `@stoplight/spectral-cli@${SPECTRAL_VERSION}`,
    ],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  if (!existsSync(CLI)) throw new Error(`the Spectral install left no ${CLI}`);
  return CLI;
}

/** The Node arguments that lint every YAML file under `dir` and write JSON results to `output`. */
export function spectralArgs(cli, dir, output) {
  return [
    cli,
    "lint",
    `${dir}/**/*.yaml`,
    "--ruleset",
    SPECTRAL_RULESET,
    "--format",
    "json",
    "--output",
    output,
    "--fail-severity",
    "error",
  ];
}

/** How many rules the peer ruleset holds. */
export function countSpectralRules() {
  return Object.keys(load(readFileSync(SPECTRAL_RULESET, "utf8")).rules).length;
}

/**
 * Reads Spectral's JSON results line by line (the file can be larger than one string may be) and
 * returns how many results there are and the set of files the census rule reported.
 */
export async function readSpectralResults(file) {
  const census = new Set();
  let results = 0;
  let code;
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    // Spectral's json formatter prints one key per line: "code" opens each result, "source" closes it.
    const codeMatch = /^\s*"code": (".*"),?$/.exec(line);
    if (codeMatch) {
      code = JSON.parse(codeMatch[1]);
      results++;
      continue;
    }
    const sourceMatch = /^\s*"source": (".*"),?$/.exec(line);
    if (sourceMatch && code === CENSUS_RULE) census.add(JSON.parse(sourceMatch[1]));
  }
  return { results, census };
}

/**
 * Checks that the census reported every workload file and nothing else; throws naming what is
 * missing, so a peer run that skipped workloads can never be timed as if it had checked them.
 */
export function checkCensus(census, workloadFiles) {
  const expected = new Set(workloadFiles);
  const missing = workloadFiles.filter((f) => !census.has(f));
  const extra = [...census].filter((f) => !expected.has(f));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `Spectral reported on ${workloadFiles.length - missing.length} of ${workloadFiles.length} workloads` +
        (missing.length > 0 ? `; missing e.g. ${missing.slice(0, 3).join(", ")}` : "") +
        (extra.length > 0 ? `; ${extra.length} reports on files that are not workloads, e.g. ${extra.slice(0, 3).join(", ")}` : ""),
    );
  }
}
