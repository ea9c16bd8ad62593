// The floor: read every file under the given paths and parse the YAML ones with js-yaml (no
// positions, nothing else), then print how many documents were read so the harness can check it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAll } from "js-yaml";

function listFiles(path, out) {
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    out.push(path);
    return out;
  }
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) listFiles(child, out);
    else out.push(child);
  }
  return out;
}

let documents = 0;
for (const file of process.argv
  .slice(2)
  .flatMap((path) => listFiles(path, []))
  .sort()) {
  const text = readFileSync(file, "utf8");
  if (/\.ya?ml$/.test(file)) documents += loadAll(text).filter((d) => d !== null && d !== undefined).length;
}
process.stdout.write(`${documents}\n`);
