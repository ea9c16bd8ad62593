import type { Assessment, Finding, FindingStatus } from "../model/assessment.js";
import { assessmentEncoder } from "../model/assessment-codec.js";
import type { AssessmentFile } from "../model/assessment-file.js";
import { FIT_LEVELS, MAX_ASSESSMENT_BYTES, SURVIVAL_ANSWERS } from "../model/constants.js";
import { isLeftOut, jsonValueOf, prettyPieces } from "./pretty-json.js";
import { BATCH_UNITS } from "./write.js";
/** Renders the assessment JSON (schema `assessment`) with a trailing newline, within the size blendcheck reads back. */
export function renderJson(assessment: Assessment): string {
  return renderJsonWithin(assessment).json;
}

/** The assessment JSON, and what was left out of it to stay within its size bound. */
export interface JsonReport {
  json: string;
  /** Set when findings were left out (the JSON says so too, under `truncated`). */
  truncated?: NonNullable<Assessment["truncated"]>;
}

/**
 * The assessment JSON in three parts: the text before the findings, the findings list, and the
 * text after them, each in pieces. `jsonChunks` gives the text piece by piece, so a large JSON can
 * be written without ever being one string.
 */
export interface JsonParts {
  /** The text before the findings, in pieces: one per workload and profile, the results in bounded pieces as the findings are. */
  before: readonly string[];
  /** The findings list, one finding per line, in pieces of about `LIST_PIECE_UNITS` UTF-16 units. */
  findings: readonly string[];
  /** The text after the findings, in pieces. */
  after: readonly string[];
  /** Set when findings were left out (the JSON says so too, under `truncated`). */
  truncated?: NonNullable<Assessment["truncated"]>;
}

/** The order findings are left out in when the JSON would be too large: the least telling first. */
const CUT_ORDER: readonly FindingStatus[] = ["not-applicable", "pass", "unknown", "mitigated", "waived", "fail"];

/**
 * Renders the assessment JSON. When it would exceed `maxBytes` (by default the bound the reader
 * accepts), findings are left out in `CUT_ORDER`, each status in file order, and the JSON's
 * `truncated` field says how many of each, so the file can always be read back.
 */
export function renderJsonWithin(assessment: Assessment, maxBytes: number = MAX_ASSESSMENT_BYTES): JsonReport {
  const parts = jsonPartsWithin(assessment, maxBytes);
  const json = [...jsonChunks(parts)].join("");
  return parts.truncated ? { json, truncated: parts.truncated } : { json };
}

/**
 * The parts of `renderJsonWithin`'s JSON, with the same findings left out. No more of the text is
 * held than the bound allows: the whole file is laid out only while it may still fit, and the text
 * around the findings is measured as it is made, so an assessment far past the bound is refused
 * without ever being held as text.
 */
export function jsonPartsWithin(assessment: Assessment, maxBytes: number = MAX_ASSESSMENT_BYTES): JsonParts {
  const { file, line } = encodedParts(assessment);
  // A UTF-16 unit takes at least one byte in UTF-8: past `maxBytes` units, the text cannot fit.
  const findings = gatherWithin(listPieces(assessment.findings, line), maxBytes);
  const whole = findings && layoutWithin(file, maxBytes - unitsOf(findings));
  if (findings && whole) {
    const pieces = [...whole.before, ...findings, ...whole.after];
    // No UTF-16 unit takes more than 3 bytes in UTF-8, so most files need no count of their bytes.
    if (unitsOf(pieces) * 3 <= maxBytes || bytesOf(pieces) <= maxBytes) return { ...whole, findings };
  }
  const { kept, truncated } = cutWithin(assessment, file, line, maxBytes);
  const parts = layoutAround(withTruncated(file, truncated));
  return { ...parts, findings: listText(kept, line), truncated };
}

/**
 * `jsonPartsWithin`'s JSON for an assessment whose whole JSON is known to exceed `maxBytes`, piece
 * by piece as it is written: only the findings' sizes are held while the cut is chosen, and no more
 * than a piece of the text is made at a time.
 */
export function cutJsonPieces(
  assessment: Assessment,
  maxBytes: number = MAX_ASSESSMENT_BYTES,
): { pieces: Iterable<string>; truncated: NonNullable<Assessment["truncated"]> } {
  const { file, line } = encodedParts(assessment);
  const { kept, truncated } = cutWithin(assessment, file, line, maxBytes);
  return { pieces: laidOut(withTruncated(file, truncated), () => batchedList(kept, line), batchedList), truncated };
}

/**
 * The findings a JSON of at most `maxBytes` keeps, in `CUT_ORDER` from its end and each status in
 * file order, and what its `truncated` field says: measured a finding at a time up to the first that
 * does not fit, none kept as text.
 */
function cutWithin(
  assessment: Assessment,
  file: AssessmentFile,
  line: (finding: Finding) => string,
  maxBytes: number,
): { kept: Finding[]; truncated: NonNullable<Assessment["truncated"]> } {
  const budget = findingsBudget(assessment, file, maxBytes);
  const { findings } = assessment;
  const keep = keptWithin(findings, (i) => Buffer.byteLength(line(findings[i] as Finding), "utf8"), budget);
  return { kept: assessment.findings.filter((_, i) => keep[i] === 1), truncated: truncatedBy(assessment, keep, maxBytes) };
}

/**
 * The bytes a cut JSON of at most `maxBytes` has for its findings' lines, each with the separator
 * before it: what is left of the bound once the rest of the file is laid out with its `truncated`
 * field counting every finding as left out, an upper bound on the counts it will hold.
 * `JsonTooLargeError` when the rest alone does not fit.
 */
function findingsBudget(assessment: Assessment, file: AssessmentFile, maxBytes: number): number {
  const rest = bytesWithin(
    laidOut(worstCut(assessment, file, maxBytes), () => []),
    maxBytes - EMPTY_LIST.length,
  );
  if (rest === undefined) throw new JsonTooLargeError(maxBytes);
  return budgetAfter(rest, maxBytes);
}

/** The findings' budget (as `findingsBudget`) when the rest of the file comes to `rest` bytes; the list's close costs 4 more. */
export function budgetAfter(rest: number, maxBytes: number): number {
  return maxBytes - rest - LIST_CLOSE.length;
}

/** The file with its `truncated` field counting every finding as left out: the largest that field can be. */
export function worstCut(assessment: Assessment, file: AssessmentFile, maxBytes: number): AssessmentFile {
  return withTruncated(file, { limitBytes: maxBytes, findingsLeftOut: leftOutCounts(assessment, () => true) });
}

/** What a cut JSON's `truncated` field says when it keeps the findings flagged 1 in `keep`. */
export function truncatedBy(assessment: Assessment, keep: Uint8Array, maxBytes: number): NonNullable<Assessment["truncated"]> {
  return { limitBytes: maxBytes, findingsLeftOut: leftOutCounts(assessment, (i) => keep[i] === 0) };
}

/** How many findings of each status are left out, in `CUT_ORDER`, added to those the assessment says were left out before. */
function leftOutCounts(assessment: Assessment, left: (i: number) => boolean): Partial<Record<FindingStatus, number>> {
  const counts: Partial<Record<FindingStatus, number>> = { ...assessment.truncated?.findingsLeftOut };
  for (const [i, f] of assessment.findings.entries()) if (left(i)) counts[f.status] = (counts[f.status] ?? 0) + 1;
  return inCutOrder(counts);
}

/** Counts by status, their keys in `CUT_ORDER`, as the `truncated` field lists them. */
export function inCutOrder(counts: Partial<Record<FindingStatus, number>>): Partial<Record<FindingStatus, number>> {
  return Object.fromEntries(CUT_ORDER.filter((s) => counts[s] !== undefined).map((s) => [s, counts[s]]));
}

/** The order statuses are kept in when findings must be left out: the most telling first. */
export const KEEP_ORDER: readonly FindingStatus[] = [...CUT_ORDER].reverse();

/**
 * Which findings fit in `budget` bytes, flagged 1: whole statuses in `KEEP_ORDER`, then as many of
 * the next status as fit in file order, and none after the first that does not. A kept line costs
 * its `sizeOf` bytes and the six of its indent and the ",\n" or "[\n" before it (`LINE_COST`).
 * Sizes are asked for in that order, and only up to the first line that does not fit.
 */
export function keptWithin(findings: readonly Finding[], sizeOf: (i: number) => number, budget: number): Uint8Array {
  const keep = new Uint8Array(findings.length);
  let used = 0;
  cut: for (const status of KEEP_ORDER) {
    for (const [i, f] of findings.entries()) {
      if (f.status !== status) continue;
      const cost = sizeOf(i) + LINE_COST;
      if (used + cost > budget) break cut;
      used += cost;
      keep[i] = 1;
    }
  }
  return keep;
}

/**
 * The whole assessment JSON, every finding kept, piece by piece, each piece made when it is asked
 * for: written as it comes, no more than a piece of the findings or results is ever held. Joined,
 * the pieces are `renderJsonWithin`'s `json` whenever that leaves nothing out. Standard output
 * measures them first (`jsonFitsWithin`); a file is written by `writeJsonFile`, which cuts as it goes.
 */
export function* jsonPieces(assessment: Assessment): Generator<string> {
  const { file, line } = encodedParts(assessment);
  yield* laidOut(file, () => batchedList(assessment.findings, line), batchedList);
}

/** Whether `jsonPieces` comes to at most `maxBytes` UTF-8 bytes: measured as it is made, none of it kept. */
export function jsonFitsWithin(assessment: Assessment, maxBytes: number = MAX_ASSESSMENT_BYTES): boolean {
  return bytesWithin(jsonPieces(assessment), maxBytes) !== undefined;
}

/**
 * The file around the findings, and each finding's line. The workloads table comes before the
 * findings, so it is filled from them first: the file is final before any finding is encoded. Each
 * finding is stringified as it is encoded, so only its line is made, never kept in its stored form.
 */
export function encodedParts(assessment: Assessment): { file: AssessmentFile; line: (finding: Finding) => string } {
  const encoder = assessmentEncoder(assessment);
  encoder.nameWorkloads(assessment.findings);
  return { file: encoder.file([]), line: encoder.line };
}

/** The text of the JSON, piece by piece: joined, the pieces are `renderJsonWithin`'s `json`. */
export function* jsonChunks(parts: JsonParts): Generator<string> {
  yield* parts.before;
  yield* parts.findings;
  yield* parts.after;
}

/** A list's pieces are joined up to about this many UTF-16 units, and no piece holds more but for its last line. */
export const LIST_PIECE_UNITS = 1 << 20;

export const EMPTY_LIST = "[]";
export const LIST_OPEN = "[\n    ";
export const LIST_SEPARATOR = ",\n    ";
export const LIST_CLOSE = "\n  ]";
/** The bytes a line of a list costs beside its own: `LIST_OPEN` or `LIST_SEPARATOR` before it, both this long. */
export const LINE_COST = LIST_SEPARATOR.length;

/**
 * A list of one-line items, as the JSON holds findings and results: `[`, each item on a line of its
 * own, `]`. Given in pieces of about `LIST_PIECE_UNITS` units, each joined as soon as it is full, so
 * the items' own strings are let go at once and the pieces are few, flat and quick to measure.
 */
function listText<T>(items: Iterable<T>, lineOf: (item: T) => string): string[] {
  return [...listPieces(items, lineOf)];
}

/** `listText`'s pieces of about `pieceUnits` units, each made when it is asked for: only the piece being filled is held. */
function* listPieces<T>(items: Iterable<T>, lineOf: (item: T) => string, pieceUnits = LIST_PIECE_UNITS): Generator<string> {
  let first = true;
  // A piece after the first starts with the separator its first line needs: joined after an empty string.
  let batch: string[] = [];
  let units = 0;
  for (const item of items) {
    const line = lineOf(item);
    // The first line opens the list; prefixing it keeps every piece one flat string from `join`.
    batch.push(first && batch.length === 0 ? LIST_OPEN + line : line);
    units += line.length + LIST_SEPARATOR.length;
    if (units >= pieceUnits) {
      yield batch.join(LIST_SEPARATOR);
      first = false;
      batch = [""];
      units = 0;
    }
  }
  if (units > 0) {
    yield batch.join(LIST_SEPARATOR);
    first = false;
  }
  yield first ? EMPTY_LIST : LIST_CLOSE;
}

/** `listPieces` in the writer's own batches (`BATCH_UNITS`), so each piece goes to its buffer as it is. */
export function batchedList<T>(items: Iterable<T>, lineOf: (item: T) => string): Iterable<string> {
  return listPieces(items, lineOf, BATCH_UNITS);
}

/** The pieces, gathered while their UTF-16 units come to at most `maxUnits`; undefined as soon as they pass it, and no further piece is made. */
function gatherWithin(pieces: Iterable<string>, maxUnits: number): string[] | undefined {
  const kept: string[] = [];
  let units = 0;
  for (const piece of pieces) {
    units += piece.length;
    if (units > maxUnits) return undefined;
    kept.push(piece);
  }
  return kept;
}

/** The UTF-8 bytes of the pieces, counted as they are made and none kept; undefined as soon as they pass `maxBytes`. */
function bytesWithin(pieces: Iterable<string>, maxBytes: number): number | undefined {
  let bytes = 0;
  for (const piece of pieces) {
    bytes += Buffer.byteLength(piece, "utf8");
    if (bytes > maxBytes) return undefined;
  }
  return bytes;
}

function unitsOf(pieces: readonly string[]): number {
  let units = 0;
  for (const piece of pieces) units += piece.length;
  return units;
}

function bytesOf(pieces: readonly string[]): number {
  let bytes = 0;
  for (const piece of pieces) bytes += Buffer.byteLength(piece, "utf8");
  return bytes;
}

/**
 * Whether `services` results, each under every one of `placements`, can be written in an assessment
 * JSON of at most `maxBytes` bytes: each takes at least the line of `leastService`, whatever its
 * findings and however many of them are left out. A run too large is refused before it is assessed
 * (`JsonTooLargeError`), not after.
 */
export function checkJsonRoom(services: number, placements: readonly string[], maxBytes: number = MAX_ASSESSMENT_BYTES): void {
  if (services * (JSON.stringify(leastService(placements)).length + LIST_SEPARATOR.length) > maxBytes) {
    throw new JsonTooLargeError(maxBytes);
  }
}

/**
 * The smallest a service's result can be as the JSON stores it: every field it must have at its
 * shortest (an empty string, 0, true, an enum's shortest value, an empty list or record) and none
 * it may leave out.
 */
export function leastService(placements: readonly string[]): AssessmentFile["services"][number] {
  const fit = shortest(FIT_LEVELS);
  const scores = { "twelve-factor": 0, "ip-movement": 0, termination: 0, overall: 0 };
  const counts = { pass: 0, fail: 0, unknown: 0, "not-applicable": 0, mitigated: 0, waived: 0 };
  const answer = { answer: shortest(SURVIVAL_ANSWERS), placement: "", mitigations: [], reasons: [] };
  return {
    name: "",
    project: "",
    role: "",
    results: placements.map((placement) => ({
      placement,
      scores,
      fit,
      scoresWithMitigations: scores,
      fitWithMitigations: fit,
      plan: [],
      planEffort: 0,
      confidence: 0,
      effort: 0,
      exposurePerMonth: 0,
      counts,
      detected: true,
    })),
    recommendation: { placement: "", fit, reasons: [] },
    delta: { target: "", breaks: [], effort: 0, fixes: [] },
    wave: 0,
    survival: { "ip-movement": answer, termination: answer },
    facts: {},
    sources: [],
  };
}

function shortest<T extends string>(values: readonly T[]): T {
  return values.reduce((a, b) => (b.length < a.length ? b : a));
}

/**
 * Thrown when the JSON would exceed its bound even with every finding left out: the results of the
 * assessed workloads alone are too large, so fewer inputs must be assessed at a time.
 */
export class JsonTooLargeError extends RangeError {
  constructor(readonly maxBytes: number) {
    super(`the assessment JSON would exceed ${maxBytes} bytes even without its findings; assess fewer inputs at a time`);
    this.name = "JsonTooLargeError";
  }
}

/** The file with its `truncated` field in place, just after `notApplicable`. */
export function withTruncated(file: AssessmentFile, truncated: NonNullable<Assessment["truncated"]>): AssessmentFile {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(file)) {
    if (key === "truncated") continue;
    out[key] = value;
    if (key === "notApplicable" || (key === "inputs" && !("notApplicable" in file))) out.truncated = truncated;
  }
  return out as AssessmentFile;
}

/**
 * Lays out the JSON: two-space indents, except that each finding, result, workload and profile
 * takes one line, which keeps the file diffable at a fraction of the size. Returns the text before
 * and after the findings in pieces, which `jsonChunks` places around them.
 */
function layoutAround(file: AssessmentFile): Layout {
  return layoutWithin(file, Number.POSITIVE_INFINITY) as Layout;
}

/** `layoutAround`'s layout while its UTF-16 units come to at most `maxUnits`; undefined as soon as they pass it. */
function layoutWithin(file: AssessmentFile, maxUnits: number): Layout | undefined {
  const before: string[] = [];
  const after: string[] = [];
  let target = before;
  let units = 0;
  // The findings' place only switches where the pieces go.
  const findings = () => {
    target = after;
    return [];
  };
  for (const piece of laidOut(file, findings)) {
    units += piece.length;
    if (units > maxUnits) return undefined;
    target.push(piece);
  }
  return { before, after };
}

/**
 * Writes each service as `JSON.stringify` does, keeping the text of a member object given again by
 * another service: the workloads of a class share their results and recommendation, one object each,
 * which are most of a service's line. A member's text is kept from its second time on, and no more
 * than `SHARED_TEXT_UNITS` of text is kept, so a run whose services share little keeps little.
 */
export function serviceLiner(): (service: object) => string {
  const seen = new WeakSet<object>();
  const texts = new WeakMap<object, string>();
  let kept = 0;
  const textOf = (value: object): string | undefined => {
    const known = texts.get(value);
    if (known !== undefined) return known;
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined || kept + text.length > SHARED_TEXT_UNITS) return text;
    if (!seen.has(value)) seen.add(value);
    else {
      texts.set(value, text);
      kept += text.length;
    }
    return text;
  };
  return (service) => {
    let line = "";
    const record = service as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = record[key];
      const text = typeof value === "object" && value !== null ? textOf(value) : (JSON.stringify(value) as string | undefined);
      if (text !== undefined) line += `${line === "" ? "{" : ","}${JSON.stringify(key)}:${text}`;
    }
    return line === "" ? "{}" : `${line}}`;
  };
}

/** How much text, in UTF-16 units, a `serviceLiner` keeps for the members services share. */
const SHARED_TEXT_UNITS = 8 * 1024 * 1024;

/**
 * The JSON laid out as `layoutAround` does it, with the findings' pieces in their place, piece by
 * piece: each workload table and list is made as it is reached, a piece at a time.
 */
export function* laidOut(
  file: AssessmentFile,
  findings: () => Iterable<string>,
  list: <T>(items: Iterable<T>, lineOf: (item: T) => string) => Iterable<string> = listPieces,
): Generator<string> {
  const table = function* (record: Record<string, unknown>) {
    const keys = Object.keys(record);
    if (keys.length === 0) {
      yield "{}";
      return;
    }
    yield "{\n";
    for (const [i, k] of keys.entries()) yield `${i === 0 ? "" : ",\n"}    ${JSON.stringify(k)}: ${JSON.stringify(record[k])}`;
    yield "\n  }";
  };
  const lined: Record<string, () => Iterable<string>> = {
    profiles: () => table(file.profiles),
    workloads: () => table(file.workloads),
    services: () => list(file.services, serviceLiner()),
    findings,
  };
  // The skeleton's text comes in small pieces: it is joined into pieces of about `BATCH_UNITS`.
  let text: string[] = [];
  let units = 0;
  for (const piece of skeletonOf(file)) {
    if (typeof piece === "string") {
      text.push(piece);
      units += piece.length;
      if (units < BATCH_UNITS) continue;
    }
    if (units > 0) yield text.join("");
    text = [];
    units = 0;
    if (typeof piece !== "string") yield* (lined[piece.lined] as () => Iterable<string>)();
  }
  if (units > 0) yield text.join("");
}

/**
 * Whether a cut of the file differs from it in its opening alone, the text before its first lined
 * key: so when the `truncated` field, where a cut puts it, comes before every lined key, and the
 * file holds it there already or not at all.
 */
export function cutChangesOpeningOnly(file: AssessmentFile): boolean {
  const keys = Object.keys(file);
  const cutKeys = Object.keys(withTruncated(file, { limitBytes: 0, findingsLeftOut: {} }));
  const at = cutKeys.indexOf("truncated");
  if (at < 0 || cutKeys.slice(0, at).some((key) => LINED_KEYS.has(key))) return false;
  return !keys.includes("truncated") || keys.join("\n") === cutKeys.join("\n");
}

/** The keys whose values `laidOut` lays out a line per entry or item. */
const LINED_KEYS: ReadonlySet<string> = new Set(["profiles", "workloads", "services", "findings"]);

/**
 * The JSON's skeleton, in pieces: `JSON.stringify(file, null, 2)` and a newline, but where a lined
 * key's value goes, a marker naming the key. No piece grows with the number of workloads: the
 * values between the lined keys (the waves name every workload) are laid out piece by piece too.
 */
function* skeletonOf(file: AssessmentFile): Generator<string | { lined: string }> {
  let opened = false;
  for (const key of Object.keys(file)) {
    const value = jsonValueOf(file[key as keyof AssessmentFile], key);
    const lined = LINED_KEYS.has(key);
    if (!lined && isLeftOut(value)) continue;
    yield `${opened ? "," : "{"}\n  ${JSON.stringify(key)}: `;
    opened = true;
    if (lined) yield { lined: key };
    else yield* prettyPieces(value, "  ");
  }
  yield opened ? "\n}\n" : "{}\n";
}

/**
 * The text before the first lined key, as `laidOut` gives it: the values after that key are not
 * laid out for it.
 */
export function openingOf(file: AssessmentFile): string {
  const pieces: string[] = [];
  for (const piece of skeletonOf(file)) {
    if (typeof piece !== "string") break;
    pieces.push(piece);
  }
  return pieces.join("");
}

/** The text around the findings, in pieces. */
interface Layout {
  before: string[];
  after: string[];
}
