import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile, hashText, loadDocuments } from "../src/load/documents.js";
import type { InputFile } from "../src/load/files.js";
import { resolveLibraries } from "../src/load/libraries.js";
import type { ServiceProfile } from "../src/model/profile.js";
import { ROOT } from "./helpers/cli.js";

/** A file of the repository, by its path from the repository's top. */
const repoFile = (file: string): InputFile => ({ file, text: readFileSync(join(ROOT, file), "utf8") });

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
  const text = repoFile(FILE).text;

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

  it("reuses a profile merged with its libraries while what was merged is the same, and validates anything else", () => {
    const libraries = ["uwsgi", "oslo-config", "oslo-log"].map((name) => repoFile(join("fixtures", "libraries", `${name}.yaml`)));
    const loaded = loadDocuments([input(text)].concat(libraries), { snapshot: new Map() });
    expect(loaded.problems).toEqual([]);
    const recorded = new Map<string, string>();
    const mark = (profile: ServiceProfile) => ({ ...profile, metadata: { ...profile.metadata, description: "merged before" } });
    const fresh = resolveLibraries(loaded.profiles, loaded.libraries, [], new Map(), (key, profile) =>
      recorded.set(key, JSON.stringify(mark(profile))),
    );
    expect(recorded.size).toBe(1);
    expect(resolveLibraries(loaded.profiles, loaded.libraries, [], recorded)[0]?.value).toEqual(mark(fresh[0]?.value as ServiceProfile));
    // The same profile with one of its own facts changed merges to something else: it is validated, not reused.
    const changed = loaded.profiles.map((p) => ({ ...p, value: { ...p.value, spec: { ...p.value.spec, role: "worker" as const } } }));
    const resolved = resolveLibraries(changed, loaded.libraries, [], recorded)[0]?.value;
    expect(resolved?.metadata.description).not.toBe("merged before");
    expect(resolved?.spec.role).toBe("worker");
  });
});
