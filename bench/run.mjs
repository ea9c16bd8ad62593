// `npm run bench [-- --sizes 1k,10k,100k --reps 5 --peer-sizes 1k]`: generates estates shaped like
// openstack-helm output and measures, in interleaved repetitions, the parse floor, `blendcheck
// assess` and the Spectral peer on each; then the default catalog job against its own floor, and
// cold start against `node -e 0`. CPU time and peak RSS come from each child's own getrusage.
// Writes bench/results.md with the machine, the Node version and the targets of issue 16.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { catalogInputs } from "./catalog-inputs.mjs";
import { generateEstate } from "./generate.mjs";
import { describeFailure, formatSize, measureRun, parseSize, RunFailedError, summarize, summarizeRatios } from "./measure.mjs";
import { renderResults } from "./results.mjs";
import { checkCensus, countSpectralRules, ensureSpectral, readSpectralResults, SPECTRAL_VERSION, spectralArgs } from "./spectral-peer.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cli.mjs");
const FLOOR = join(ROOT, "bench", "floor.mjs");
const CATALOG_INPUTS = catalogInputs(ROOT);
const CATALOG_FORMATS = "html,md,json";
/** Disk needed per workload, with room to spare: multi-document files, and one file per document. */
const BYTES_PER_WORKLOAD = { estate: 16 * 1024, single: 48 * 1024 };
/** JSON assessments larger than this are read back for the check count by blendcheck's own reader, a piece at a time. */
const MAX_JSON_BYTES = 400 * 1024 * 1024;

const log = (text) => process.stderr.write(text);

let options;
try {
  options = readOptions(process.argv.slice(2));
} catch (error) {
  log(`bench: ${error.message} (see --help)\n`);
  process.exit(2);
}
if (!existsSync(CLI)) throw new Error(`${CLI} is missing; run \`npm run build\` first (\`npm run bench\` does)`);
const work = options.work ? resolve(options.work) : mkdtempSync(join(tmpdir(), "blendcheck-bench-"));
mkdirSync(work, { recursive: true });
const scratch = join(work, "scratch");
mkdirSync(scratch, { recursive: true });
const startedAt = new Date();
const loadAtStart = loadavg()[0];
const cleanUp = () => {
  if (!options.keep) rmSync(options.work ? scratch : work, { recursive: true, force: true });
};
// An interrupted run still removes its estates (up to gigabytes at 100k).
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanUp();
    process.exit(128 + (signal === "SIGINT" ? 2 : 15));
  });
}

try {
  const spectralCli = options.peerSizes.length > 0 ? ensureSpectral(log) : undefined;
  const estates = [];
  for (const size of options.sizes) estates.push(await benchEstate(size, options.peerSizes.includes(size) ? spectralCli : undefined));
  const catalog = await benchCatalog();
  const coldStart = benchColdStart();
  const text = renderResults({
    command: process.argv.length > 2 ? `npm run bench -- ${process.argv.slice(2).join(" ")}` : "npm run bench",
    startedAt,
    machine: describeMachine(),
    load: { start: loadAtStart, end: loadavg()[0], cores: cpus().length },
    reps: options.reps,
    timeoutMinutes: options.timeoutMs / 60_000,
    catalogReps: options.catalogReps,
    coldReps: options.coldReps,
    spectralVersion: SPECTRAL_VERSION,
    estates,
    catalog,
    coldStart,
  });
  writeFileSync(options.out, text);
  process.stdout.write(text);
  log(`wrote ${options.out}\n`);
} catch (error) {
  // A failed check (the floor or the peer did not read everything) or a failed run ends the benchmark.
  log(`bench: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  cleanUp();
}

/** Measures floor, assess and (when asked) the peer on one generated estate, interleaved per repetition. */
async function benchEstate(size, spectralCli) {
  const label = formatSize(size);
  checkDisk(size, spectralCli !== undefined);
  const estate = join(work, `estate-${label}`);
  const single = join(work, `estate-${label}-single`);
  log(`${label}: generating${spectralCli ? " (and one document per file for Spectral)" : ""}…\n`);
  const generated = generateEstate(estate, size, spectralCli ? { singleDir: single } : {});
  const singleReal = spectralCli ? realpathSync(single) : undefined;
  const workloadFiles = generated.workloadFiles.map((f) => join(singleReal ?? "", f));
  const out = join(scratch, `out-${label}`);
  const peerOutput = join(scratch, `spectral-${label}.json`);
  const runs = { floor: [], assess: [], peer: [] };
  let checks;
  let peerResults;
  let failed;
  for (let rep = 0; rep < options.reps; rep++) {
    const floor = measureRun([FLOOR, estate], { cwd: work, scratch });
    if (Number(floor.stdout.trim()) !== generated.documents) {
      throw new Error(`the floor read ${floor.stdout.trim()} documents, expected ${generated.documents}`);
    }
    runs.floor.push(floor);
    let assess;
    try {
      assess = measureRun([CLI, "assess", estate, "--format", "json", "--out", out], { cwd: work, scratch, timeoutMs: options.timeoutMs });
    } catch (error) {
      // A size assess cannot do is a result, not a fault of the harness: it is recorded, and the next size runs.
      if (!(error instanceof RunFailedError)) throw error;
      log(`${label} rep ${rep + 1}/${options.reps}: assess failed: ${firstLine(error.message)}\n`);
      failed = { ...describeFailure(error), rep: rep + 1 };
      break;
    }
    runs.assess.push(assess);
    if (rep === 0) checks = await countChecks(findJson(out));
    if (spectralCli) {
      rmSync(peerOutput, { force: true });
      runs.peer.push(measureRun(spectralArgs(spectralCli, singleReal, peerOutput), { cwd: work, scratch }));
      const read = await readSpectralResults(peerOutput);
      checkCensus(read.census, workloadFiles);
      peerResults = read.results;
    }
    const last = (list) => (list.length > 0 ? `${list.at(-1).cpuMs.toFixed(0)} ms` : "-");
    log(
      `${label} rep ${rep + 1}/${options.reps}: floor ${last(runs.floor)}, assess ${last(runs.assess)}, Spectral ${last(runs.peer)} (CPU)\n`,
    );
  }
  if (!options.keep) rmSync(estate, { recursive: true, force: true });
  if (!options.keep && spectralCli) rmSync(single, { recursive: true, force: true });
  if (failed) {
    return { size, generated: { ...generated, workloadFiles: undefined }, floor: summarizeRuns(runs.floor), failed };
  }
  return {
    size,
    generated: { ...generated, workloadFiles: undefined },
    checks,
    peer: spectralCli ? { rules: countSpectralRules(), documents: generated.singleFiles, results: peerResults } : undefined,
    floor: summarizeRuns(runs.floor),
    assess: summarizeRuns(runs.assess),
    spectral: spectralCli ? summarizeRuns(runs.peer) : undefined,
    assessOverFloor: summarizeRatios(
      runs.assess.map((r) => r.cpuMs),
      runs.floor.map((r) => r.cpuMs),
    ),
    assessRssOverFloor: summarizeRatios(
      runs.assess.map((r) => r.rssMiB),
      runs.floor.map((r) => r.rssMiB),
    ),
    assessOverSpectral: spectralCli
      ? summarizeRatios(
          runs.assess.map((r) => r.cpuMs),
          runs.peer.map((r) => r.cpuMs),
        )
      : undefined,
  };
}

/** The default catalog job (`assess` with html, md and json) against reading and parsing what it reads. */
async function benchCatalog() {
  const out = join(scratch, "catalog");
  const runs = { floor: [], assess: [] };
  for (let rep = 0; rep < options.catalogReps; rep++) {
    runs.floor.push(measureRun([FLOOR, ...CATALOG_INPUTS], { cwd: work, scratch }));
    runs.assess.push(measureRun([CLI, "assess", "--format", CATALOG_FORMATS, "--out", out], { cwd: work, scratch }));
    log(
      `catalog rep ${rep + 1}/${options.catalogReps}: floor ${runs.floor.at(-1).cpuMs.toFixed(0)} ms, assess ${runs.assess.at(-1).cpuMs.toFixed(0)} ms\n`,
    );
  }
  const json = findJson(out);
  return {
    formats: CATALOG_FORMATS,
    documents: Number(runs.floor[0].stdout.trim()),
    jsonBytes: statSync(json).size,
    outputs: readdirSync(out)
      .sort()
      .map((name) => ({ name, bytes: statSync(join(out, name)).size })),
    checks: await countChecks(json),
    floor: summarizeRuns(runs.floor),
    assess: summarizeRuns(runs.assess),
    assessOverFloor: summarizeRatios(
      runs.assess.map((r) => r.cpuMs),
      runs.floor.map((r) => r.cpuMs),
    ),
  };
}

/** `blendcheck --version` and `blendcheck assess --help` against `node -e 0`, interleaved. */
function benchColdStart() {
  const runs = { node: [], version: [], help: [] };
  for (let rep = 0; rep < options.coldReps; rep++) {
    runs.node.push(measureRun(["-e", "0"], { cwd: work, scratch }));
    runs.version.push(measureRun([CLI, "--version"], { cwd: work, scratch }));
    runs.help.push(measureRun([CLI, "assess", "--help"], { cwd: work, scratch }));
  }
  log(`cold start: ${options.coldReps} repetitions\n`);
  const cpu = (list) => list.map((r) => r.cpuMs);
  return {
    node: summarizeRuns(runs.node),
    version: summarizeRuns(runs.version),
    help: summarizeRuns(runs.help),
    versionOverNode: summarizeRatios(cpu(runs.version), cpu(runs.node)),
    helpOverNode: summarizeRatios(cpu(runs.help), cpu(runs.node)),
  };
}

function firstLine(text) {
  return text.split("\n")[0];
}

function summarizeRuns(runs) {
  return {
    cpuMs: summarize(runs.map((r) => r.cpuMs)),
    wallMs: summarize(runs.map((r) => r.wallMs)),
    rssMiB: summarize(runs.map((r) => r.rssMiB)),
  };
}

function findJson(dir) {
  const name = readdirSync(dir).find((f) => f.endsWith(".json"));
  if (!name) throw new Error(`assess wrote no JSON assessment into ${dir}`);
  return join(dir, name);
}

/**
 * Counts the checks blendcheck evaluated: rules × subjects × placements, read from the assessment.
 * A subject is a catalog service or, where findings name one, a workload of the user's.
 */
async function countChecks(jsonFile) {
  const bytes = statSync(jsonFile).size;
  const assessment = bytes > MAX_JSON_BYTES ? await readLarge(jsonFile) : JSON.parse(readFileSync(jsonFile, "utf8"));
  const subjects = new Set();
  for (const finding of assessment.findings ?? []) subjects.add(`${finding.service}\u0000${JSON.stringify(finding.workload ?? null)}`);
  const subjectCount = Math.max(
    Array.isArray(assessment.subjects) ? assessment.subjects.length : 0,
    assessment.services?.length ?? 0,
    subjects.size,
  );
  const rules = assessment.rules?.length ?? 0;
  const placements = assessment.placements?.length ?? 0;
  return {
    bytes,
    rules,
    subjects: subjectCount,
    placements,
    checks: rules * subjectCount * placements,
    findings: assessment.findings?.length ?? 0,
  };
}

/** A JSON too long for one string, read by blendcheck's own reader (a piece at a time): its workloads resolved, its counts the same. */
async function readLarge(jsonFile) {
  const { readAssessmentFile } = await import(join(ROOT, "dist", "index.mjs"));
  const read = readAssessmentFile(jsonFile, process.cwd());
  if (!read.ok) throw new Error(`${jsonFile}: ${read.problem.message}`);
  return read.assessment;
}

function checkDisk(size, withSingle) {
  const needed = size * (BYTES_PER_WORKLOAD.estate + (withSingle ? BYTES_PER_WORKLOAD.single : 0));
  const fs = statfsSync(work);
  const free = fs.bavail * fs.bsize;
  if (needed > free) {
    throw new Error(
      `${formatSize(size)} workloads need about ${(needed / 2 ** 30).toFixed(1)} GiB in ${work}, ${(free / 2 ** 30).toFixed(1)} GiB is free; use --work DIR elsewhere or fewer --sizes/--peer-sizes`,
    );
  }
}

function describeMachine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? "unknown CPU",
    cores: cpu.length,
    memoryGiB: totalmem() / 2 ** 30,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: "string", default: "1k,10k,100k" },
      reps: { type: "string", default: "5" },
      "timeout-min": { type: "string", default: "20" },
      "cold-reps": { type: "string" },
      "catalog-reps": { type: "string" },
      "peer-sizes": { type: "string" },
      work: { type: "string" },
      keep: { type: "boolean", default: false },
      out: { type: "string", default: join(ROOT, "bench", "results.md") },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      [
        "npm run bench -- [options]",
        "  --sizes 1k,10k,100k   workload counts of the generated estates",
        "  --reps 5              interleaved repetitions per size (at least 5 for a verdict)",
        "  --timeout-min 20      minutes an assess run may take before it is stopped and recorded as failed",
        "  --cold-reps N         repetitions of the cold-start triple (default: twice --reps, at least 10)",
        "  --catalog-reps N      repetitions of the catalog job's pair (default: twice --reps, at least 10)",
        "  --peer-sizes 1k       sizes at which Spectral runs too (default 1k when measured; `none` for none)",
        "  --work DIR            where estates are generated (default: a new temporary folder)",
        "  --keep                keep the generated estates and outputs",
        "  --out FILE            where the results go (default bench/results.md)",
        "",
      ].join("\n"),
    );
    process.exit(0);
  }
  const count = (name, text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a whole number of at least 1, got "${text}"`);
    return n;
  };
  const sizes = [...new Set(values.sizes.split(",").map(parseSize))].sort((a, b) => a - b);
  // By default Spectral runs at 1k only: at about 0.1 s of CPU per workload it would take hours at 100k.
  const peerSizes =
    values["peer-sizes"] === undefined
      ? sizes.filter((size) => size === 1000)
      : values["peer-sizes"] === "none"
        ? []
        : values["peer-sizes"].split(",").map(parseSize);
  for (const size of peerSizes) {
    if (!sizes.includes(size)) throw new Error(`--peer-sizes: ${formatSize(size)} is not one of --sizes ${values.sizes}`);
  }
  const reps = count("reps", values.reps);
  return {
    sizes,
    peerSizes,
    reps,
    timeoutMs: count("timeout-min", values["timeout-min"]) * 60_000,
    // The catalog job and the cold start take a second or less a run, where the machine's own spread is
    // largest against what is measured: more repetitions, for little time, steady their medians.
    coldReps: values["cold-reps"] === undefined ? Math.max(10, reps * 2) : count("cold-reps", values["cold-reps"]),
    catalogReps: values["catalog-reps"] === undefined ? Math.max(10, reps * 2) : count("catalog-reps", values["catalog-reps"]),
    work: values.work,
    keep: values.keep,
    out: resolve(values.out),
  };
}
