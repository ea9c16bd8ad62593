// Renders bench/results.md from one benchmark run: method, the targets of issue 16 beside what was
// measured, and one table per comparison. Every figure is a median with its min–max spread.
import { formatSize } from "./measure.mjs";

/** The goals of issue 16, each compared with the figure it names. */
const TARGETS = {
  assessOverFloor: 1.5,
  growth: 11,
  rssOverFloor: 3,
  catalogOverFloor: 2,
  catalogJsonBytes: 2.5e6,
  versionOverNode: 1.3,
  helpOverNode: 1.5,
  assessOverSpectral: 1,
};

/** A load average above this share of the cores marks the figures as taken on a busy machine. */
const BUSY_LOAD_PER_CORE = 0.5;

/**
 * The floor does the same work every repetition, so its CPU time varies only with the machine: a
 * slowest repetition this many times its fastest says the machine's speed changed during the run.
 */
const UNSTEADY_FLOOR_SPREAD = 1.5;

/** The Markdown of bench/results.md for one run. */
export function renderResults(run) {
  const busy = Math.max(run.load.start, run.load.end) > run.load.cores * BUSY_LOAD_PER_CORE;
  const lines = [
    "# Benchmark results",
    "",
    `Written by \`${run.command}\` on ${run.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
    "",
    `Machine: ${run.machine.cores} × ${run.machine.cpu}, ${run.machine.memoryGiB.toFixed(1)} GiB memory, ${run.machine.os}, Node ${run.machine.node}.`,
    `Load average (1 min): ${run.load.start.toFixed(2)} at the start, ${run.load.end.toFixed(2)} at the end, on ${run.load.cores} cores.`,
    "",
  ];
  if (busy) {
    lines.push(
      "**Indicative only.** The machine was busy with other work during this run, so CPU times are inflated by",
      "cache and frequency effects the ratios do not fully cancel. Run again on an idle machine for a verdict.",
      "",
    );
  }
  const unsteady = unsteadyFloors(run);
  if (unsteady.length > 0) {
    lines.push(
      `**Unsteady machine.** The floor's CPU time, the same work in every repetition, varied ${unsteady.join(", ")}`,
      "(slowest over fastest repetition): the machine's speed changed during the run, and the floor and assess did",
      "not slow alike, so the ratios' spreads below are wide. A verdict near a target needs a machine whose speed",
      "holds still.",
      "",
    );
  }
  if (run.reps < 5) {
    lines.push(
      `**${run.reps} repetition${run.reps === 1 ? "" : "s"}** (fewer than 5): the spreads below are not meaningful; this run only shows the harness works.`,
      "",
    );
  }
  lines.push(
    "## Method",
    "",
    "- **CPU** is user + system time of the measured process (and any Node process it starts), from its own",
    "  `getrusage` at exit (`bench/usage-hook.cjs`, preloaded into every measured process alike, `node -e 0` included).",
    "  **RSS** is its own peak resident set size (on Linux `VmHWM`: getrusage would also count the harness's pages",
    "  it held between fork and exec). Wall time is recorded but not judged: the machine may be shared.",
    `- **Interleaved pairs**: each repetition runs floor, assess, peer back to back; ${run.reps} repetitions per size.`,
    "  Ratios are taken within each repetition and then summarized: median (min–max).",
    "- **Inputs** are generated (`bench/generate.mjs`) in the shape of openstack-helm `helm template` output: one",
    "  file per chart and a folder per region, every region in namespace `openstack` as openstack-helm installs it",
    "  (so the regions hold copies of the same objects); each Deployment, StatefulSet or DaemonSet (113–420 YAML",
    "  values, as the charts' workloads have 100–450) beside its ServiceAccount, Role, RoleBinding, Service and PodDisruptionBudget where",
    "  the charts have them, and per chart the bin and etc ConfigMaps (with an oslo.config file) and bootstrap Jobs.",
    "- **Floor** (`bench/floor.mjs`): one Node process that lists the same files, reads them and parses the YAML with",
    "  js-yaml (no positions, nothing else). The harness checks it read every document.",
    "- **assess** writes `--format json` for the estates. Its checks are rules × subjects × placements from its JSON;",
    "  a subject is a catalog service or, once each workload is assessed on its own, a workload.",
    `  A size where assess exits with an error, or runs past ${run.timeoutMinutes} minutes, is recorded as failed with what it`,
    "  cost and said; its later repetitions are not run.",
    `- **Peer**: Spectral ${run.spectralVersion}, installed on demand into \`bench/.peers/\`, reads the same documents one per`,
    "  file (it reads only the first document of a multi-document file) with `bench/spectral-ruleset.yaml`; its checks are",
    "  rules × documents. Its rule `workload-census` fires once per workload, and the run fails unless its results",
    "  name every workload file and no other.",
    "",
  );

  lines.push("## Targets", "", "| goal | measured | target | met |", "|---|---:|---:|---|");
  for (const row of targetRows(run)) lines.push(`| ${row.goal} | ${row.measured} | ${row.target} | ${row.met} |`);
  lines.push("");

  lines.push(
    "## Estates: assess against the parse floor (CPU)",
    "",
    "| workloads | files | documents | MiB on disk | floor CPU ms | assess CPU ms | assess / floor | floor RSS MiB | assess RSS MiB | RSS assess / floor | subjects assessed |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const e of run.estates) {
    if (e.failed) {
      lines.push(
        `| ${count(e.size)} | ${count(e.generated.files)} | ${count(e.generated.documents)} | ${(e.generated.bytes / 2 ** 20).toFixed(0)} | ${spread(e.floor.cpuMs, 0)} | failed | | ${spread(e.floor.rssMiB, 0)} | ${e.failed.rssMiB === undefined ? "n/a" : count(Math.round(e.failed.rssMiB))} | | |`,
      );
      continue;
    }
    lines.push(
      `| ${count(e.size)} | ${count(e.generated.files)} | ${count(e.generated.documents)} | ${(e.generated.bytes / 2 ** 20).toFixed(0)} | ${spread(e.floor.cpuMs, 0)} | ${spread(e.assess.cpuMs, 0)} | ${spread(e.assessOverFloor, 2)} | ${spread(e.floor.rssMiB, 0)} | ${spread(e.assess.rssMiB, 0)} | ${spread(e.assessRssOverFloor, 2)} | ${e.checks?.subjects === undefined ? "n/a" : count(e.checks.subjects)} |`,
    );
  }
  lines.push("");
  for (const e of run.estates.filter((e) => e.failed)) lines.push(...failureLines(e), "");
  const growth = growthRows(run.estates);
  if (growth.length > 0) {
    lines.push(
      "Growth (median CPU of the larger size / median CPU of the smaller):",
      "",
      "| from → to | workloads × | floor × | assess × |",
      "|---|---:|---:|---:|",
    );
    for (const g of growth) lines.push(`| ${g.from} → ${g.to} | ${g.size.toFixed(0)} | ${g.floor.toFixed(2)} | ${g.assess.toFixed(2)} |`);
    lines.push("");
  }

  const peers = run.estates.filter((e) => e.spectral);
  lines.push("## Peer: checks per workload and CPU per workload", "");
  if (peers.length === 0) {
    lines.push("Spectral did not run (`--peer-sizes none`, or no size it runs at was measured).", "");
  } else {
    lines.push(
      "| workloads | tool | files read | documents | checks | checks per workload | CPU ms | CPU ms per workload | CPU µs per check | RSS MiB | assess / Spectral |",
      "|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    );
    for (const e of peers) {
      const c = e.checks;
      const blendcheckChecks =
        c?.checks === undefined
          ? "n/a"
          : `${c.rules} rules × ${count(c.subjects)} subjects × ${c.placements} placements = ${count(c.checks)}`;
      const spectralChecks = `${e.peer.rules} rules × ${count(e.peer.documents)} documents = ${count(e.peer.rules * e.peer.documents)}`;
      lines.push(
        `| ${count(e.size)} | blendcheck | ${count(e.generated.files)} | ${count(e.generated.documents)} | ${blendcheckChecks} | ${c?.checks === undefined ? "n/a" : (c.checks / e.size).toFixed(0)} | ${spread(e.assess.cpuMs, 0)} | ${(e.assess.cpuMs.median / e.size).toFixed(2)} | ${c?.checks ? ((1000 * e.assess.cpuMs.median) / c.checks).toFixed(1) : "n/a"} | ${spread(e.assess.rssMiB, 0)} | ${spread(e.assessOverSpectral, 2)} |`,
        `| ${count(e.size)} | Spectral | ${count(e.peer.documents)} | ${count(e.peer.documents)} | ${spectralChecks} | ${((e.peer.rules * e.peer.documents) / e.size).toFixed(0)} | ${spread(e.spectral.cpuMs, 0)} | ${(e.spectral.cpuMs.median / e.size).toFixed(2)} | ${((1000 * e.spectral.cpuMs.median) / (e.peer.rules * e.peer.documents)).toFixed(1)} | ${spread(e.spectral.rssMiB, 0)} | |`,
      );
    }
    lines.push(
      "",
      "The goal compares CPU per workload; checks per workload and per check are shown because the tools do not",
      "check the same things: a blendcheck check is a rule decided for a subject under a placement, a Spectral check",
      "is a rule's JSONPath run over a document.",
      ...(peers.some((e) => (e.checks?.subjects ?? 0) < e.size)
        ? [
            "Where blendcheck assessed fewer subjects than workloads (one subject per service), its checks per workload",
            "stay low and the per-workload comparison flatters it.",
          ]
        : []),
      "",
      `Spectral reported ${peers.map((e) => `${count(e.peer.results)} results at ${formatSize(e.size)}`).join(", ")}; the census found every workload.`,
      "",
    );
  }

  const c = run.catalog;
  lines.push(
    `## Catalog job: \`blendcheck assess --format ${c.formats}\` against its floor (${run.catalogReps} interleaved repetitions)`,
    "",
    `The floor reads and parses what the job reads: the catalog's profiles, the libraries they use, and the rules with their placements and mitigations (${count(c.documents)} documents).`,
    c.checks?.checks === undefined
      ? ""
      : `Checks: ${c.checks.rules} rules × ${c.checks.subjects} services × ${c.checks.placements} placements = ${count(c.checks.checks)}.`,
    "",
    "| | CPU ms | RSS MiB |",
    "|---|---:|---:|",
    `| floor | ${spread(c.floor.cpuMs, 0)} | ${spread(c.floor.rssMiB, 0)} |`,
    `| assess | ${spread(c.assess.cpuMs, 0)} | ${spread(c.assess.rssMiB, 0)} |`,
    `| assess / floor | ${spread(c.assessOverFloor, 2)} | |`,
    "",
    `Outputs: ${c.outputs.map((o) => `${o.name} ${(o.bytes / 1e6).toFixed(2)} MB`).join(", ")}.`,
    "",
  );

  const s = run.coldStart;
  lines.push(
    `## Cold start (${run.coldReps} interleaved repetitions)`,
    "",
    "| command | CPU ms | RSS MiB | CPU / `node -e 0` |",
    "|---|---:|---:|---:|",
    `| \`node -e 0\` | ${spread(s.node.cpuMs, 1)} | ${spread(s.node.rssMiB, 0)} | |`,
    `| \`blendcheck --version\` | ${spread(s.version.cpuMs, 1)} | ${spread(s.version.rssMiB, 0)} | ${spread(s.versionOverNode, 2)} |`,
    `| \`blendcheck assess --help\` | ${spread(s.help.cpuMs, 1)} | ${spread(s.help.rssMiB, 0)} | ${spread(s.helpOverNode, 2)} |`,
    "",
  );
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n")}`;
}

/** One row per goal of issue 16, with the figure measured in this run or "not measured". */
export function targetRows(run) {
  const bySize = new Map(run.estates.map((e) => [e.size, e]));
  const rows = [];
  const failed = (size) => bySize.get(size)?.failed;
  const judge = (value, target, strict = false) =>
    value === undefined ? "not measured" : (strict ? value < target : value <= target) ? "yes" : "**no**";
  // A goal at a size where assess failed is not met, whatever was measured before it failed.
  const ratioRow = (goal, summary, target, failure) =>
    rows.push({
      goal,
      measured: failure ? `assess failed (${failure.ended})` : summary ? spread(summary, 2) : "not measured",
      target: `≤ ${target}×`,
      met: failure ? "**no**" : judge(summary?.median, target),
    });
  ratioRow("assess / floor CPU at 10k workloads", bySize.get(10_000)?.assessOverFloor, TARGETS.assessOverFloor, failed(10_000));
  ratioRow("assess / floor CPU at 100k workloads", bySize.get(100_000)?.assessOverFloor, TARGETS.assessOverFloor, failed(100_000));
  const growth = growthRows(run.estates).find((g) => g.from === "10k" && g.to === "100k");
  const growthFailure = failed(10_000) ?? failed(100_000);
  rows.push({
    goal: "assess CPU growth 10k → 100k",
    measured: growthFailure
      ? `assess failed (${growthFailure.ended})`
      : growth
        ? `${growth.assess.toFixed(2)}× (floor ${growth.floor.toFixed(2)}×)`
        : "not measured",
    target: `≤ ${TARGETS.growth}×`,
    met: growthFailure ? "**no**" : judge(growth?.assess, TARGETS.growth),
  });
  ratioRow("peak RSS assess / floor at 100k", bySize.get(100_000)?.assessRssOverFloor, TARGETS.rssOverFloor, failed(100_000));
  ratioRow("catalog job / its floor CPU", run.catalog.assessOverFloor, TARGETS.catalogOverFloor);
  rows.push({
    goal: "catalog job JSON size",
    measured: `${(run.catalog.jsonBytes / 1e6).toFixed(2)} MB`,
    target: `< ${TARGETS.catalogJsonBytes / 1e6} MB`,
    met: judge(run.catalog.jsonBytes, TARGETS.catalogJsonBytes, true),
  });
  ratioRow("`--version` / `node -e 0` CPU", run.coldStart.versionOverNode, TARGETS.versionOverNode);
  ratioRow("`assess --help` / `node -e 0` CPU", run.coldStart.helpOverNode, TARGETS.helpOverNode);
  const peers = run.estates.filter((e) => e.assessOverSpectral);
  if (peers.length === 0)
    rows.push({ goal: "faster than Spectral per workload checked", measured: "not measured", target: "< 1×", met: "not measured" });
  for (const e of peers) {
    rows.push({
      goal: `assess / Spectral CPU per workload at ${formatSize(e.size)}`,
      measured: spread(e.assessOverSpectral, 2),
      target: "< 1×",
      met: judge(e.assessOverSpectral.median, TARGETS.assessOverSpectral, true),
    });
  }
  return rows;
}

/** CPU growth between consecutive sizes assess finished. */
export function growthRows(allEstates) {
  const estates = allEstates.filter((e) => !e.failed);
  const rows = [];
  for (let i = 1; i < estates.length; i++) {
    const [a, b] = [estates[i - 1], estates[i]];
    rows.push({
      from: formatSize(a.size),
      to: formatSize(b.size),
      size: b.size / a.size,
      floor: b.floor.cpuMs.median / a.floor.cpuMs.median,
      assess: b.assess.cpuMs.median / a.assess.cpuMs.median,
    });
  }
  return rows;
}

/** The paragraph under the estates table for a size assess failed at: how it ended, what it cost, what it said. */
function failureLines(e) {
  const f = e.failed;
  const cost =
    f.cpuMs === undefined
      ? `after ${count(Math.round(f.wallMs))} ms of wall time (it left no CPU record)`
      : `after ${count(Math.round(f.cpuMs))} ms of CPU (${count(Math.round(f.wallMs))} ms wall), peak RSS ${count(Math.round(f.rssMiB))} MiB`;
  const said = f.message === "" ? "" : `, saying: ${codeSpan(f.message)}`;
  return [
    `**At ${count(e.size)} workloads assess failed** (${f.ended}) in repetition ${f.rep} ${cost}${said}.`,
    "The size's later repetitions were not run, and its goals are not met.",
  ];
}

/** Text as a Markdown code span that no backtick or pipe in it can break out of. */
function codeSpan(text) {
  return `\`${text.replaceAll("`", "'").replaceAll("|", "\\|").slice(0, 300)}\``;
}

/** `median (min–max)` with the given number of decimals. */
export function spread(summary, decimals) {
  const f = (v) => (decimals === 0 ? count(Math.round(v)) : v.toFixed(decimals));
  return summary.n === 1 ? f(summary.median) : `${f(summary.median)} (${f(summary.min)}–${f(summary.max)})`;
}

function count(n) {
  return n.toLocaleString("en-US");
}

/** Where the floor's slowest repetition took `UNSTEADY_FLOOR_SPREAD` times its fastest or more, as "N× at W workloads". */
function unsteadyFloors(run) {
  const floors = run.estates.map((e) => ({ what: `at ${count(e.size)} workloads`, cpu: e.floor.cpuMs }));
  if (run.catalog) floors.push({ what: "for the catalog job", cpu: run.catalog.floor.cpuMs });
  return floors
    .filter(({ cpu }) => cpu.min > 0 && cpu.max / cpu.min >= UNSTEADY_FLOOR_SPREAD)
    .map(({ what, cpu }) => `${(cpu.max / cpu.min).toFixed(2)}× ${what}`);
}
