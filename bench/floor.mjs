// The floor: read every file of an estate and parse the YAML ones with js-yaml, nothing else.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAll } from "js-yaml";

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

let documents = 0;
for (const file of walk(process.argv[2], []).sort()) {
  const text = readFileSync(file, "utf8");
  if (file.endsWith(".yaml")) documents += loadAll(text).length;
}
process.stdout.write(`${documents}\n`);
