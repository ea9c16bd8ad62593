import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadChecked } from "../src/cli/read-inputs.js";
import { checkFile, documentChecker, hashText, loadDocuments, UncheckedDocumentError } from "../src/load/documents.js";
import type { InputFile } from "../src/load/files.js";
import { loadInputs } from "../src/load/inputs.js";
import { resolveLibraries } from "../src/load/libraries.js";
import { loadDocumentsWith } from "../src/load/load-documents.js";
import { DEFAULT_SCORING, PLACEMENT_FACTS } from "../src/model/constants.js";
import { placementSpecSchema } from "../src/model/placement.js";
import { scoringSchema } from "../src/model/policy.js";
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
    const fresh = resolveLibraries(loaded.profiles, loaded.libraries, [], {
      snapshot: new Map(),
      checker: documentChecker,
      record: (key, profile) => recorded.set(key, JSON.stringify(mark(profile))),
    });
    expect(recorded.size).toBe(1);
    expect(resolveLibraries(loaded.profiles, loaded.libraries, [], { snapshot: recorded })[0]?.value).toEqual(
      mark(fresh[0]?.value as ServiceProfile),
    );
    // The same profile with one of its own facts changed merges to something else: it is validated, not reused.
    const changed = loaded.profiles.map((p) => ({ ...p, value: { ...p.value, spec: { ...p.value.spec, role: "worker" as const } } }));
    const resolved = resolveLibraries(changed, loaded.libraries, [], { snapshot: recorded, checker: documentChecker })[0]?.value;
    expect(resolved?.metadata.description).not.toBe("merged before");
    expect(resolved?.spec.role).toBe("worker");
  });
});

describe("loading without the schemas", () => {
  const text = repoFile(FILE).text;

  it("takes a file the snapshot holds without a checker, and throws for one it does not hold", () => {
    const loaded = loadDocumentsWith([input(text)], { snapshot: markedSnapshot(text) });
    expect(loaded.profiles.map((p) => p.value.metadata.description)).toEqual(["from the snapshot"]);
    expect(() => loadDocumentsWith([input(`${text}# edited\n`)], { snapshot: markedSnapshot(text) })).toThrow(UncheckedDocumentError);
  });

  it("throws for a profile merged with its libraries that the snapshot does not hold", () => {
    const libraries = ["uwsgi", "oslo-config", "oslo-log"].map((name) => repoFile(join("fixtures", "libraries", `${name}.yaml`)));
    const loaded = loadDocuments([input(text)].concat(libraries), { snapshot: new Map() });
    expect(() => resolveLibraries(loaded.profiles, loaded.libraries, [], { snapshot: new Map() })).toThrow(UncheckedDocumentError);
  });

  it("loads the schemas and starts again when a built-in file was not checked at build time", async () => {
    // Run from the sources there is no snapshot: every built-in file needs the schemas.
    const lazily = await loadChecked({ paths: [], cwd: ROOT });
    const eagerly = loadInputs({ paths: [], cwd: ROOT });
    expect(lazily.problems).toEqual([]);
    expect(lazily.profiles.length).toBeGreaterThan(40);
    expect(lazily.profiles.map((p) => p.value)).toEqual(eagerly.profiles.map((p) => p.value));
    expect(lazily.rules.map((r) => r.rule)).toEqual(eagerly.rules.map((r) => r.rule));
  });

  it("states without zod what the schemas state: the default scoring and the placement facts", () => {
    expect(DEFAULT_SCORING).toEqual(scoringSchema.parse({}));
    expect([...PLACEMENT_FACTS]).toEqual(Object.keys(placementSpecSchema.shape));
  });
});
