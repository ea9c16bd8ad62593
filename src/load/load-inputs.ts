import { existsSync } from "node:fs";
import { join } from "node:path";
import { appendAll } from "../append-all.js";
import { type ExtractResult, extractArtifacts, type ServiceIndex } from "../extract/index.js";
import { PLACEMENT_FACTS } from "../model/constants.js";
import type { Library } from "../model/library.js";
import type { Placement } from "../model/placement.js";
import type { ServiceProfile } from "../model/profile.js";
import type { RuleTemplate } from "../model/rule.js";
import { builtinPaths } from "../package-root.js";
import { decodeInput, displayPath, type InputFile, listFiles, readInputBytes, readInputFile } from "./files.js";
import { resolveLibraries } from "./libraries.js";
import {
  type CompiledMitigation,
  type CompiledRule,
  type DocumentChecker,
  emptyDocuments,
  hasDocumentName,
  isBlendcheckFile,
  type Loaded,
  type LoadedDocuments,
  loadDocumentsWith,
  mayHoldDocuments,
} from "./load-documents.js";
import { type Problem, sortProblems } from "./problem.js";
import { forgetTexts, locatePath } from "./yaml.js";

/** What to read: the user's paths and extra rule folders, relative to `cwd`. */
export interface LoadOptions {
  paths: readonly string[];
  rulesDirs?: readonly string[];
  cwd: string;
  /** Read the built-in profiles, rules and placements (default true). */
  builtin?: boolean;
  /** Globs of files and folders to leave out of the user's paths. */
  exclude?: readonly string[];
  /** Folders never read from the user's paths, such as the output folder of earlier reports. */
  skipDirectories?: readonly string[];
  /** The text read from standard input, for a path given as `-`; it is reported as `<stdin>`. */
  stdin?: string;
}

/** The name standard input is reported under in locations. */
export const STDIN_NAME = "<stdin>";

/** Everything one run reads, validated, with every problem found. */
export interface Inputs {
  profiles: Loaded<ServiceProfile>[];
  placements: Loaded<Placement>[];
  rules: CompiledRule[];
  ruleTests: LoadedDocuments["ruleTests"];
  mitigations: CompiledMitigation[];
  mitigationTests: LoadedDocuments["mitigationTests"];
  libraries: Loaded<Library>[];
  policies: LoadedDocuments["policies"];
  /** Names of the services the user's inputs name (profiles given, services found in artifacts, workloads outside the catalog). */
  userServices: string[];
  extracted: ExtractResult;
  /** Every file read from the user's paths and rule folders: the only files findings may cite. */
  userFiles: string[];
  /** The user's paths, as given. */
  inputs: string[];
  /** Ids of the rules taken from the user's paths or rule folders rather than the built-in catalog. */
  userRules?: string[];
  /** Ids of the mitigations taken from the user's paths or rule folders rather than the built-in catalog. */
  userMitigations?: string[];
  problems: Problem[];
}

/**
 * Reads the built-in catalog and the user's paths: profiles, placements, rules, rule tests,
 * policies and deployment artifacts. A user's document replaces a built-in one of the same name.
 * What the catalog snapshot does not hold is validated by `checker`; without one, a file or merged
 * profile that needs it throws `UncheckedDocumentError` before any artifact is extracted.
 */
export function loadInputsWith(options: LoadOptions, checker: DocumentChecker | undefined): Inputs {
  const problems: Problem[] = [];
  const paths = builtinPaths();
  const builtin =
    options.builtin === false
      ? sharedOnly(
          readDocuments(
            [paths.libraries, join(paths.rules, "templates")].filter((p) => existsSync(p)),
            options.cwd,
            problems,
            checker,
          ),
        )
      : readDocuments(
          [paths.services, paths.libraries, paths.rules].filter((p) => existsSync(p)),
          options.cwd,
          problems,
          checker,
        );
  // Templates load before the rules that use them: the user's and extra folders see the built-in ones.
  const extraRules = readDocuments(options.rulesDirs ?? [], options.cwd, problems, checker, builtin.ruleTemplates);
  const templates = [...builtin.ruleTemplates, ...extraRules.ruleTemplates];
  // The user's artifacts are extracted as they are first read, for the services of the built-in catalog:
  // the extraction is kept when the user's documents leave that catalog's names as they were.
  const guess = serviceIndex(mergeByName([builtin.profiles], (p) => p.value.metadata.name, "profile", []).map((p) => p.value));
  const user = readDocuments(options.paths, options.cwd, problems, checker, templates, options, guess);
  for (const list of [builtin.problems, user.problems, extraRules.problems]) appendAll(problems, list);

  const libraries = mergeByName(
    [builtin.libraries, user.libraries, extraRules.libraries],
    (l) => l.value.metadata.name,
    "library",
    problems,
  );
  const profiles = resolveLibraries(
    mergeByName([builtin.profiles, user.profiles], (p) => p.value.metadata.name, "profile", problems),
    libraries,
    problems,
    { checker },
  );
  const placements = mergeByName(
    [builtin.placements, user.placements, extraRules.placements],
    (p) => p.value.metadata.name,
    "placement",
    problems,
  );
  const rules = mergeByName([builtin.rules, user.rules, extraRules.rules], (r) => r.rule.id, "rule", problems);
  const builtinRules = new Set(builtin.rules);
  const builtinMitigations = new Set(builtin.mitigations);
  mergeByName([builtin.ruleTemplates, extraRules.ruleTemplates, user.ruleTemplates], (t) => t.value.id, "rule-template", problems);
  const mitigations = mergeByName(
    [builtin.mitigations, user.mitigations, extraRules.mitigations],
    (m) => m.mitigation.id,
    "mitigation",
    problems,
  );

  checkMitigationPlacements(mitigations, placements, problems);
  const index = serviceIndex(profiles.map((p) => p.value));
  const extractedAsRead = sameIndex(index, guess) ? user.extracted : undefined;
  // Let go before the files are read anew, so that the two extractions are never held together.
  user.extracted = undefined;
  const extracted = extractedAsRead ?? extractArtifacts(readArtifacts(user.artifacts, options.cwd, problems), index);
  forgetTexts();
  appendAll(problems, extracted.problems);
  const userServices = [
    ...new Set([
      ...user.profiles.map((p) => p.value.metadata.name),
      ...extracted.facts.map((f) => f.service),
      // A workload outside the catalog is assessed as `generic` under its own name.
      ...extracted.workloads.map((w) => w.service ?? w.workload.name),
    ]),
  ].sort();

  return {
    profiles,
    placements,
    rules,
    ruleTests: [...builtin.ruleTests, ...user.ruleTests, ...extraRules.ruleTests],
    mitigations,
    mitigationTests: [...builtin.mitigationTests, ...user.mitigationTests, ...extraRules.mitigationTests],
    libraries,
    policies: user.policies,
    userServices,
    extracted,
    userFiles: [
      ...new Set([
        ...[...user.profiles, ...user.placements, ...extraRules.placements].map((d) => d.file),
        ...user.artifacts.map((a) => a.file),
      ]),
    ].sort(),
    inputs: [...options.paths],
    userRules: rules.filter((r) => !builtinRules.has(r)).map((r) => r.rule.id),
    userMitigations: mitigations.filter((m) => !builtinMitigations.has(m)).map((m) => m.mitigation.id),
    problems: sortProblems(problems),
  };
}

/**
 * Keeps only what other documents build on (libraries and rule templates), for runs that check the
 * user's files without the built-in catalog: a profile may still use a built-in library.
 */
function sharedOnly(documents: ReadDocuments): ReadDocuments {
  return { ...emptyDocuments(), libraries: documents.libraries, ruleTemplates: documents.ruleTemplates, problems: documents.problems };
}

/**
 * A deployment artifact of the user's paths. A file is named, not held: when its facts were not
 * extracted as it was first read, it is read again for them, so that no more than one artifact's
 * text need be held at a time. Standard input is held.
 */
type ArtifactRef = InputFile | { file: string; absolute: string };

/** The documents of some paths, with their artifacts named rather than held. */
interface ReadDocuments extends Omit<LoadedDocuments, "artifacts"> {
  artifacts: ArtifactRef[];
  /** The artifacts' facts, when they were extracted as they were read: for the services `readDocuments` was given. */
  extracted?: ExtractResult;
}

function readDocuments(
  paths: readonly string[],
  cwd: string,
  problems: Problem[],
  checker: DocumentChecker | undefined,
  templates: readonly Loaded<RuleTemplate>[] = [],
  options: Partial<LoadOptions> = {},
  services?: ServiceIndex,
): ReadDocuments {
  if (paths.length === 0) return emptyDocuments();
  const listed = listFiles(
    paths.filter((p) => p !== "-"),
    cwd,
    options,
  );
  appendAll(problems, listed.problems);
  const scan: Scan = {
    inputs: paths.includes("-") ? [{ file: STDIN_NAME, text: options.stdin ?? "" }] : [],
    named: [],
    // Standard input is extracted before the files, once it is known not to be blendcheck's.
    extracting: services !== undefined && !paths.includes("-"),
  };
  const artifacts = scanFiles(listed.files, cwd, problems, scan);
  let extracted: ExtractResult | undefined;
  if (services !== undefined && scan.extracting) extracted = extractArtifacts(artifacts, services);
  else while (!artifacts.next().done);
  const loaded = loadDocumentsWith(scan.inputs, { templates, checker });
  // Standard input comes first, as it did among the inputs.
  return { ...loaded, artifacts: [...loaded.artifacts, ...scan.named], extracted: scan.extracting ? extracted : undefined };
}

/** What a first look at some files finds: blendcheck's files read, every other file named. */
interface Scan {
  inputs: InputFile[];
  named: ArtifactRef[];
  /** True while each named file is also given, read, to an extraction. */
  extracting: boolean;
}

/**
 * Reads the files that may be blendcheck's and names the others; while `scan.extracting`, it also
 * gives each named file's text, so that a file need not be read twice. A blendcheck file that may
 * hold profiles or libraries ends that, since it may change the services the extraction is for.
 */
function* scanFiles(files: readonly string[], cwd: string, problems: Problem[], scan: Scan): Generator<InputFile> {
  for (const file of files) {
    const ref = { file: displayPath(file, cwd), absolute: file };
    // A file that cannot be one of blendcheck's is named unread: its problems, if any, are found when its facts are read.
    if (!hasDocumentName(file)) {
      yield* artifact(ref, () => readInputFile(file, cwd), scan, problems);
      continue;
    }
    const bytes = readInputBytes(file, cwd);
    if (!bytes.ok) {
      problems.push(bytes.problem);
      continue;
    }
    if (!mayHoldDocuments(bytes.bytes)) {
      yield* artifact(ref, () => decodeInput(bytes.file, bytes.bytes), scan, problems);
      continue;
    }
    const read = decodeInput(bytes.file, bytes.bytes);
    if (!read.ok) problems.push(read.problem);
    else if (isBlendcheckFile(read.input)) {
      scan.inputs.push(read.input);
      if (SERVICE_KINDS.test(read.input.text)) scan.extracting = false;
    } else yield* artifact(ref, () => read, scan, problems);
  }
}

/**
 * An artifact the scan met: named, and while `scan.extracting`, read (`read`) and given to the
 * extraction. One that cannot be read then is a problem, and not named: it is not read again.
 */
function* artifact(
  ref: ArtifactRef,
  read: () => { ok: true; input: InputFile } | { ok: false; problem: Problem },
  scan: Scan,
  problems: Problem[],
): Generator<InputFile> {
  if (!scan.extracting) {
    scan.named.push(ref);
    return;
  }
  const got = read();
  if (!got.ok) {
    problems.push(got.problem);
    return;
  }
  scan.named.push(ref);
  yield got.input;
}

/** Text that may name the kinds of document that give services their names: profiles and the libraries they use. */
const SERVICE_KINDS = /ServiceProfile|Library/;

/** True when two indexes name the same services in the same order: an extraction for one is an extraction for the other. */
function sameIndex(a: ServiceIndex, b: ServiceIndex): boolean {
  // Once a run, over the catalog's few dozen services.
  const entries = (index: ServiceIndex) => JSON.stringify([[...index.names], [...index.byProject], [...(index.byRole ?? [])]]);
  return entries(a) === entries(b);
}

/** Each artifact's text, read when it is asked for; a file that can no longer be read is a problem. */
function* readArtifacts(artifacts: readonly ArtifactRef[], cwd: string, problems: Problem[]): Generator<InputFile> {
  for (const artifact of artifacts) {
    if ("text" in artifact) {
      yield artifact;
      continue;
    }
    const read = readInputFile(artifact.absolute, cwd);
    if (read.ok) yield read.input;
    else problems.push(read.problem);
  }
}

/**
 * Merges layers of documents by name: a later layer replaces an earlier one's document of the same
 * name; two documents of the same name in one layer are a problem.
 */
function mergeByName<T extends { file: string }>(
  layers: readonly (readonly T[])[],
  nameOf: (t: T) => string,
  what: string,
  problems: Problem[],
): T[] {
  const merged = new Map<string, T>();
  for (const layer of layers) {
    const seen = new Map<string, T>();
    for (const item of layer) {
      const name = nameOf(item);
      const earlier = seen.get(name);
      if (earlier) {
        problems.push({
          file: item.file,
          line: 1,
          column: 1,
          severity: "error",
          code: `duplicate-${what}`,
          path: "",
          message: `expected one ${what} named ${name}, got another in ${earlier.file}`,
        });
        continue;
      }
      seen.set(name, item);
      merged.set(name, item);
    }
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/**
 * Reports a mitigation that names a placement no file defines, or sets a placement fact the
 * placement spec does not have: either would make it silently never apply.
 */
function checkMitigationPlacements(
  mitigations: readonly CompiledMitigation[],
  placements: readonly Loaded<Placement>[],
  problems: Problem[],
): void {
  const names = new Set(placements.map((p) => p.value.metadata.name));
  const fields = new Set<string>([...PLACEMENT_FACTS, "name", "title"]);
  for (const m of mitigations) {
    const at = (path: (string | number)[], code: string, message: string) => {
      const { line, column } = locatePath(m.text, m.docIndex, path);
      problems.push({ file: m.file, line, column, severity: "error", code, path: path.join("."), message });
    };
    m.mitigation.placements.forEach((name, index) => {
      if (!names.has(name))
        at(["placements", index], "unknown-placement", `expected a placement name (${[...names].sort().join(", ")}), got ${name}`);
    });
    for (const path of Object.keys(m.mitigation.sets)) {
      const [root, field] = path.split(".");
      if (root === "placement" && field !== undefined && !fields.has(field)) {
        at(["sets", path], "unknown-fact", `expected a placement fact (${[...fields].sort().join(", ")}), got ${field}`);
      }
    }
  }
}

/** Indexes service names and aliases for the artifact readers. */
export function serviceIndex(profiles: readonly ServiceProfile[]): ServiceIndex {
  const names = new Map<string, string>();
  const byProject = new Map<string, string[]>();
  const byRole = new Map<string, string[]>();
  for (const profile of profiles) {
    const { name, project, aliases } = profile.metadata;
    names.set(name.toLowerCase(), name);
    for (const alias of aliases ?? []) names.set(alias.toLowerCase(), name);
    const list = byProject.get(project) ?? [];
    list.push(name);
    byProject.set(project, list.sort());
    const role = byRole.get(profile.spec.role) ?? [];
    role.push(name);
    byRole.set(profile.spec.role, role.sort());
  }
  return { names, byProject, byRole };
}
