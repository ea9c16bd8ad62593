// Loads a folder's files with the built library in a process of its own, then reports which of the
// files' texts the heap still holds: each text's first line names it (`retention-marker-NNNNN`),
// and a heap snapshot (taken after a full collection) holds the first characters of every string.
// Then it reads what the test checks of the facts, their locations found now that the texts are gone.
// Usage: node retention-probe.mjs DIST_INDEX CWD PATH
import { getHeapSnapshot } from "node:v8";

const [index, cwd, path] = process.argv.slice(2);
const { loadInputs } = await import(index);
const inputs = loadInputs({ paths: [path], cwd });

const held = new Set();
const pattern = /retention-marker-(\d{5})/g;
let tail = "";
for await (const chunk of getHeapSnapshot()) {
  const text = tail + chunk.toString("latin1");
  for (const match of text.matchAll(pattern)) held.add(match[1]);
  tail = text.slice(-64);
}

const first = inputs.extracted.workloads.find((w) => w.workload.file.endsWith("chart-0.yaml"));
process.stdout.write(
  JSON.stringify({
    held: held.size,
    problems: inputs.problems.length,
    workloads: inputs.extracted.workloads.length,
    image: first?.facts.deployment?.image,
    pdbMinAvailable: first?.facts.deployment?.pdbMinAvailable,
    databaseHosts: first?.facts.oslo?.databaseHosts,
    pdbAt: { ...first?.facts.locations["deployment.pdbMinAvailable"] },
    configAt: { ...first?.facts.locations["oslo.databaseHosts"] },
  }),
);
