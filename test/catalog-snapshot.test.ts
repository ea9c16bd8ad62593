import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile, hashText, loadDocuments } from "../src/load/documents.js";
import type { InputFile } from "../src/load/files.js";
import { ROOT } from "./helpers/cli.js";

const FILE = join("fixtures", "services", "nova-api.yaml");

function input(text: string): InputFile {
  return { file: FILE, text };
}

/** A snapshot of the file as it is, with its description marked, so a reader can tell where a value came from. */
function markedSnapshot(text: string): Map<string, string> {
  const checked = checkFile(input(text));
  if (!Array.isArray(checked)) throw new Error(`${FILE} did not parse`);
  const marked = checked.map((document) =>
    "value" in document
      ? {
          ...document,
          value: {
            ...(document.value as object),
            metadata: { ...(document.value as { metadata: object }).metadata, description: "from the snapshot" },
          },
        }
      : document,
  );
  return new Map([[hashText(text), JSON.stringify(marked)]]);
}

describe("the catalog checked at build time", () => {
  const text = readFileSync(join(ROOT, FILE), "utf8");

  it("reuses a file's documents while its text is the one checked", () => {
    const loaded = loadDocuments([input(text)], { snapshot: markedSnapshot(text) });
    expect(loaded.profiles.map((p) => p.value.metadata.description)).toEqual(["from the snapshot"]);
    expect(loaded.profiles[0]?.text).toBe(text);
  });

  it("parses and validates a file whose text changed since, however little", () => {
    const changed = `${text}# edited\n`;
    const loaded = loadDocuments([input(changed)], { snapshot: markedSnapshot(text) });
    expect(loaded.profiles).toHaveLength(1);
    expect(loaded.profiles[0]?.value.metadata.description).not.toBe("from the snapshot");
    expect(loaded.profiles[0]?.value).toEqual(loadDocuments([input(text)], { snapshot: new Map() }).profiles[0]?.value);
  });

  it("reports the problems of a changed file that no longer validates", () => {
    const broken = text.replace(/^kind: ServiceProfile$/m, "kind: ServiceProfil");
    expect(broken).not.toBe(text);
    const loaded = loadDocuments([input(broken)], { snapshot: markedSnapshot(text) });
    expect(loaded.profiles).toHaveLength(0);
    expect(loaded.problems.map((p) => p.code)).toContain("unknown-kind");
  });
});
