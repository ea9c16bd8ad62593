import { resolve } from "node:path";
import { z } from "zod";
import { binaryProblem, decodeInput, readInputBytes, utf16Of } from "../load/files.js";
import { arrayItems, isArraySpan, JsonBytesError, lineColumnAt, parseSpan, syntaxErrorAt, topLevel } from "../load/json-bytes.js";
import type { Problem } from "../load/problem.js";
import { type Assessment, KNOWN_SCHEMA_VERSIONS, SCHEMA_VERSION } from "../model/assessment.js";
import {
  type AssessmentFile,
  assessmentFileSchema,
  decodeAssessmentFile,
  MAX_ASSESSMENT_BYTES,
  storedFindingSchema,
  storedServiceResultSchema,
} from "../model/assessment-file.js";

/** A saved assessment read back, or the problem that stopped it. */
export type AssessmentRead = { ok: true; assessment: Assessment } | { ok: false; problem: Problem };

// The bound is the writer's too: it leaves findings out rather than write a file read back here would refuse.
export { MAX_ASSESSMENT_BYTES };

/** The lists a file holds most of its bytes in: each item is parsed and checked on its own, then let go. */
const LISTS = { services: storedServiceResultSchema, findings: storedFindingSchema } as const;
type ListKey = keyof typeof LISTS;

/** The file around its lists: each list is checked to be one, its items by `LISTS`. */
const fileAroundLists = assessmentFileSchema.extend({ services: z.array(z.unknown()), findings: z.array(z.unknown()) });

// V8's message quotes the text around the error, which may be a secret: the problem gives the position only.
const INVALID_JSON = "expected assessment JSON, got invalid JSON (a syntax error here)";

/** At most this many of a file's issues are listed; the others are counted. */
const LISTED_ISSUES = 10;

/** The file, its lists aside: their items come one at a time, parsed as they are asked for. */
interface RawFile {
  around: unknown;
  lists: Partial<Record<ListKey, Iterable<unknown>>>;
}

/**
 * Reads an assessment JSON file (as `assess --format json` writes it), validates its shape and
 * resolves its workload ids (a dangling one is refused). Only
 * the current major schemaVersion is read: an older one was scored differently (scoring v1 had no
 * mitigations, blocking rules or mechanisms), so comparing it would report changes of method as
 * changes of the services; it is refused with the advice to re-run it.
 *
 * A UTF-8 file is read from its bytes a piece at a time (`json-bytes`), so it may be larger than
 * the longest string V8 holds, and the parsed items of its lists are let go once checked; a
 * UTF-16 file (with its byte order mark) is read as one string.
 */
export function readAssessmentFile(path: string, cwd: string, maxBytes: number = MAX_ASSESSMENT_BYTES): AssessmentRead {
  const read = readInputBytes(resolve(cwd, path), cwd, maxBytes);
  if (!read.ok) return { ok: false, problem: read.problem };
  const { file } = read;
  const bytes = Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.length);
  if (utf16Of(bytes)) return readText(decodeInput(file, bytes));
  const binary = binaryProblem(file, bytes);
  if (binary) return { ok: false, problem: binary };
  try {
    return checkFile(file, piecesOf(bytes));
  } catch (error) {
    if (!(error instanceof JsonBytesError)) throw error;
    const at = lineColumnAt(bytes, error.offset);
    const message = error.code === "invalid-json" ? INVALID_JSON : "expected UTF-8 text, got invalid byte sequences here";
    return { ok: false, problem: { ...problemAt(file, error.code, message), ...at } };
  }
}

/** A UTF-16 file, decoded to one string and parsed whole. */
function readText(read: ReturnType<typeof decodeInput>): AssessmentRead {
  if (!read.ok) return { ok: false, problem: read.problem };
  const file = read.input.file;
  let raw: unknown;
  try {
    raw = JSON.parse(read.input.text);
  } catch (error) {
    const at = locateOffset(read.input.text, syntaxErrorAt(read.input.text, error));
    return {
      ok: false,
      problem: { ...problemAt(file, "invalid-json", INVALID_JSON), ...at },
    };
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return checkFile(file, { around: raw, lists: {} });
  const around: Record<string, unknown> = { ...raw };
  const lists: RawFile["lists"] = {};
  for (const key of Object.keys(LISTS) as ListKey[]) {
    const list = around[key];
    if (!Array.isArray(list)) continue;
    lists[key] = list;
    around[key] = [];
  }
  return checkFile(file, { around, lists });
}

/** The file's top-level members parsed, but for its lists, whose items are parsed as they are asked for. */
function piecesOf(bytes: Buffer): RawFile {
  const top = topLevel(bytes);
  if ("value" in top) return { around: top.value, lists: {} };
  const around: Record<string, unknown> = {};
  const lists: RawFile["lists"] = {};
  for (const [key, span] of top.members) {
    if (Object.hasOwn(LISTS, key) && isArraySpan(bytes, span)) {
      around[key] = [];
      lists[key as ListKey] = (function* () {
        for (const item of arrayItems(bytes, span)) yield parseSpan(bytes, item);
      })();
    } else {
      // Defined, not assigned: a member named __proto__ is a member, as in JSON.parse's object.
      Object.defineProperty(around, key, { value: parseSpan(bytes, span), enumerable: true, writable: true, configurable: true });
    }
  }
  return { around, lists };
}

/**
 * Checks the file's schemaVersion, then its shape: the file around its lists, then each item of
 * each list, kept only while no issue has been found. The first issues are listed, the rest counted.
 */
function checkFile(file: string, raw: RawFile): AssessmentRead {
  const version = schemaVersionProblem(raw.around);
  if (version) return { ok: false, problem: problemAt(file, version.code, version.message) };
  const listed: string[] = [];
  let issues = 0;
  const note = (prefix: readonly (string | number)[], found: readonly z.core.$ZodIssue[]) => {
    for (const issue of found) {
      issues++;
      if (listed.length < LISTED_ISSUES) listed.push(`${[...prefix, ...issue.path].map(String).join(".") || "(root)"}: ${issue.message}`);
    }
  };
  const around = fileAroundLists.safeParse(raw.around);
  if (!around.success) note([], around.error.issues);
  const checked: { [K in ListKey]: z.infer<(typeof LISTS)[K]>[] } = { services: [], findings: [] };
  for (const key of Object.keys(LISTS) as ListKey[]) {
    let index = 0;
    for (const item of raw.lists[key] ?? []) {
      const parsed = LISTS[key].safeParse(item);
      if (!parsed.success) note([key, index], parsed.error.issues);
      else if (issues === 0) (checked[key] as unknown[]).push(parsed.data);
      index++;
    }
  }
  if (!around.success || issues > 0) {
    const more = issues > LISTED_ISSUES ? [`and ${issues - LISTED_ISSUES} more`] : [];
    return {
      ok: false,
      problem: problemAt(file, "invalid-assessment", `expected a blendcheck assessment JSON, got ${[...listed, ...more].join("; ")}`),
    };
  }
  const whole: AssessmentFile = { ...around.data, services: checked.services, findings: checked.findings };
  const decoded = decodeAssessmentFile(whole);
  if (!decoded.ok) return { ok: false, problem: problemAt(file, "invalid-assessment", `${decoded.path}: ${decoded.message}`) };
  return { ok: true, assessment: decoded.assessment };
}

/** The problem with the file's `schemaVersion` when it is not one this build reads (same major version). */
function schemaVersionProblem(raw: unknown): { code: string; message: string } | undefined {
  const major = SCHEMA_VERSION.split(".")[0];
  const version = raw !== null && typeof raw === "object" && "schemaVersion" in raw ? raw.schemaVersion : undefined;
  if (typeof version !== "string") {
    return {
      code: "invalid-assessment",
      message: `expected a blendcheck assessment JSON with a schemaVersion string, got ${version === undefined ? "null" : typeof version}`,
    };
  }
  const expected = `expected an assessment with schemaVersion ${major}.x (as this blendcheck writes)`;
  const match = /^(\d{1,6})\.\d{1,6}\.\d{1,6}$/.exec(version);
  if (!match) {
    return {
      code: "unsupported-schema-version",
      message: `${expected}, got a schemaVersion that is not a version (${JSON.stringify(version.slice(0, 20))})`,
    };
  }
  if (match[1] === major) return undefined;
  if ((KNOWN_SCHEMA_VERSIONS as readonly string[]).includes(version)) {
    return {
      code: "old-schema-version",
      message: `assessment schemaVersion ${version} cannot be compared with ${SCHEMA_VERSION}; re-run the baseline (blendcheck assess --format json)`,
    };
  }
  return {
    code: "unsupported-schema-version",
    message: `${expected}, got ${JSON.stringify(version)}; re-run assess with this version to compare`,
  };
}

/** The 1-based line and column of a character offset; lines end at a line feed. */
function locateOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function problemAt(file: string, code: string, message: string): Problem {
  return { file, line: 1, column: 1, severity: "error", code, path: "", message };
}
