import { closeSync, openSync, renameSync, rmSync } from "node:fs";
import type { Assessment, Finding, FindingStatus } from "../model/assessment.js";
import type { AssessmentFile } from "../model/assessment-file.js";
import { MAX_ASSESSMENT_BYTES } from "../model/constants.js";
import {
  batchedList,
  budgetAfter,
  cutChangesOpeningOnly,
  cutJsonPieces,
  EMPTY_LIST,
  encodedParts,
  JsonTooLargeError,
  jsonPieces,
  KEEP_ORDER,
  keptWithin,
  LINE_COST,
  LIST_CLOSE,
  LIST_OPEN,
  LIST_SEPARATOR,
  laidOut,
  openingOf,
  truncatedBy,
  withTruncated,
  worstCut,
} from "./json.js";
import { BATCH_UNITS, ByteReader, eachBatch, TooManyBytesError, temporaryPath, Utf8Writer, writeFileAtomic } from "./write.js";

/** What `writeJsonFile` wrote: set when findings were left out, as the file's `truncated` field says. */
export interface JsonWritten {
  truncated?: NonNullable<Assessment["truncated"]>;
}

/**
 * Writes the assessment JSON to `path` atomically, the same bytes `renderJsonWithin` gives for
 * `maxBytes`, making each finding's line once. The file is written as it is made; each finding's
 * size is noted as its line is written. Once the whole cannot fit, the lines that still may be kept
 * are written on past the bound to the same temporary file and the rest only measured; the cut file
 * is then put together from the bytes already written, with its `truncated` field in place, and no
 * line made again. `JsonTooLargeError` when the file cannot fit even without its findings.
 */
export function writeJsonFile(path: string, assessment: Assessment, maxBytes: number = MAX_ASSESSMENT_BYTES): JsonWritten {
  const { file, line } = encodedParts(assessment);
  // The cut file's text after its opening is copied: not when an assessment cut before holds its
  // `truncated` field elsewhere.
  if (!cutChangesOpeningOnly(file)) return writeAtOnce(path, assessment, maxBytes);
  const first = temporaryPath(path);
  const second = temporaryPath(path, ".cut");
  try {
    const spilled = writeWhileFits(first, assessment, file, line, maxBytes);
    if (spilled === undefined) {
      renameSync(first, path);
      return {};
    }
    const truncated = writeCut(second, first, assessment, file, line, spilled, maxBytes);
    renameSync(second, path);
    return truncated ? { truncated } : {};
  } finally {
    rmSync(first, { force: true });
    rmSync(second, { force: true });
  }
}

/** The JSON written whole while it fits, else cut and made again as `cutJsonPieces` makes it. */
function writeAtOnce(path: string, assessment: Assessment, maxBytes: number): JsonWritten {
  try {
    writeFileAtomic(path, jsonPieces(assessment), maxBytes);
    return {};
  } catch (error) {
    if (!(error instanceof TooManyBytesError)) throw error;
  }
  const { pieces, truncated } = cutJsonPieces(assessment, maxBytes);
  writeFileAtomic(path, pieces);
  return { truncated };
}

/** What the first temporary file holds when the JSON did not fit in it. */
interface Spilled {
  /** The bytes of the skeleton's opening, the text before the first lined key. */
  opening: number;
  /** The bytes before the findings list: the opening and the text after it that the cut file copies. */
  head: number;
  /** The text after the findings list, and its bytes. */
  after: readonly string[];
  afterBytes: number;
  /** Each finding's line, in UTF-8 bytes; `UNMADE` for a line not made. */
  sizes: Float64Array;
  /** Flagged 1 for each finding whose line was written, after its six bytes of separator. */
  written: Uint8Array;
  /** What the findings may take in the cut file, `budgetAfter` the rest of it. */
  budget: number;
}

/**
 * Writes the JSON to `temporary` as it is made. When the whole cannot fit, lines go on being written
 * only while they may still be kept by `keptWithin` (`CutForecast.through`). Undefined when the whole
 * fit: the file is then the JSON.
 */
function writeWhileFits(
  temporary: string,
  assessment: Assessment,
  file: AssessmentFile,
  line: (finding: Finding) => string,
  maxBytes: number,
): Spilled | undefined {
  const writer = new Utf8Writer(openSync(temporary, "w"));
  try {
    const { opening, head: start, after } = writeAroundFindings(writer, file, maxBytes);
    const afterBytes = after.reduce((sum, piece) => sum + Buffer.byteLength(piece, "utf8"), 0);
    const findings = assessment.findings;
    const sizes = new Float64Array(findings.length);
    const written = new Uint8Array(findings.length);
    // The rest of the cut file is its opening with the largest `truncated` field, the head after the
    // opening, and the text after the list: measured once the whole is known not to fit.
    const budgetOfCut = () => {
      const cutOpening = Buffer.byteLength(openingOf(worstCut(assessment, file, maxBytes)), "utf8");
      return budgetAfter(cutOpening + (start - (opening ?? 0)) + afterBytes, maxBytes);
    };
    let whole = start + (findings.length === 0 ? EMPTY_LIST.length : LIST_CLOSE.length) + afterBytes;
    let fits = whole <= maxBytes;
    let budget = Number.POSITIVE_INFINITY;
    const forecast = new CutForecast(findings);
    // Statuses the forecast puts past the cut: their lines are not made, and made then only if the cut reaches them.
    let beyond: readonly boolean[] = [];
    const cut = () => {
      fits = false;
      budget = budgetOfCut();
      beyond = forecast.beyond(budget);
    };
    if (!fits) cut();
    // Lines go to the writer in batches, as the other lists do: one encoding per batch, not per line.
    let batch: string[] = [];
    let units = 0;
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i] as Finding;
      const rank = forecast.rankOf(finding.status);
      // Past the bound, a line is not made when the cut cannot ask its size: when the lines made before it
      // of its status and the statuses kept before it pass the budget already, or the forecast puts its status past the cut.
      if (!fits && (beyond[rank] || forecast.through(rank) > budget)) {
        sizes[i] = UNMADE;
        continue;
      }
      const text = line(finding);
      const size = Buffer.byteLength(text, "utf8");
      sizes[i] = size;
      forecast.saw(rank, size);
      whole += size + LINE_COST;
      if (fits && (whole > maxBytes || forecast.passes(i, whole, maxBytes))) cut();
      // A line is written on past the bound only while it may yet be kept: see `CutForecast.through`.
      if (!fits && forecast.through(rank) > budget) continue;
      batch.push(i === 0 ? LIST_OPEN : LIST_SEPARATOR, text);
      units += LINE_COST + text.length;
      written[i] = 1;
      if (units >= BATCH_UNITS) {
        writer.text(batch.join(""));
        batch = [];
        units = 0;
      }
    }
    if (units > 0) writer.text(batch.join(""));
    if (fits) {
      writer.text(findings.length === 0 ? EMPTY_LIST : LIST_CLOSE);
      eachBatch(after, (batch) => writer.text(batch));
      writer.end();
      return undefined;
    }
    writer.end();
    if (budget + LIST_CLOSE.length < EMPTY_LIST.length) throw new JsonTooLargeError(maxBytes);
    return { opening, head: start, afterBytes, after, sizes, written, budget };
  } finally {
    writer.close();
  }
}

/**
 * Writes the JSON's text before its findings list, in the writer's batches, and gathers the text
 * after it: `opening` is the bytes of the text before the first lined key (`openingOf`), and
 * `head` those of all the text before the list. `JsonTooLargeError` once the text written passes
 * `maxBytes`: a cut file holds that text too, so no cut can fit.
 */
export function writeAroundFindings(
  writer: Utf8Writer,
  file: AssessmentFile,
  maxBytes: number,
): { opening: number; head: number; after: string[] } {
  let before = true;
  const after: string[] = [];
  // The findings' place only switches where the pieces go. Batched: pieces of a million characters
  // would each be a large object, left to the next full collection.
  const findingsHere = () => {
    before = false;
    return [];
  };
  for (const piece of laidOut(file, findingsHere, batchedList)) {
    if (!before) {
      after.push(piece);
      continue;
    }
    writer.text(piece);
    if (writer.size > maxBytes) throw new JsonTooLargeError(maxBytes);
  }
  return { opening: Buffer.byteLength(openingOf(file), "utf8"), head: writer.size, after };
}

/** The size of a line that was not made. */
const UNMADE = -1;

/** A whole JSON is forecast to pass its bound once this far past it, and checked every this many lines. */
const FORECAST_MARGIN = 1.25;
const FORECAST_EVERY = 1024;

/**
 * A forecast, from the lines made so far, of whether a JSON will pass its bound and of which statuses
 * its cut will reach. It only saves work: a line it puts past the cut is made if the cut reaches it.
 */
export class CutForecast {
  private readonly ranks = new Map<FindingStatus, number>(KEEP_ORDER.map((status, i) => [status, i]));
  private readonly counts = new Float64Array(KEEP_ORDER.length);
  private readonly seenCounts = new Float64Array(KEEP_ORDER.length);
  private readonly seenBytes = new Float64Array(KEEP_ORDER.length);
  private start: number | undefined;

  constructor(private readonly findings: readonly Finding[]) {
    for (const finding of findings) {
      const rank = this.rankOf(finding.status);
      this.counts[rank] = (this.counts[rank] as number) + 1;
    }
  }

  rankOf(status: FindingStatus): number {
    return this.ranks.get(status) as number;
  }

  /** Notes a line made of the status ranked `rank`. */
  saw(rank: number, size: number): void {
    this.seenCounts[rank] = (this.seenCounts[rank] as number) + 1;
    this.seenBytes[rank] = (this.seenBytes[rank] as number) + size + LINE_COST;
  }

  /**
   * The bytes of the lines made so far of the status ranked `rank` and of those kept before it, each
   * with its separator. Past the budget, no later line of that status can be kept by `keptWithin`:
   * a status is kept only once each before it is kept whole, and then in file order while it fits.
   */
  through(rank: number): number {
    let sum = 0;
    for (let before = 0; before <= rank; before++) sum += this.seenBytes[before] as number;
    return sum;
  }

  /** Whether the whole, at `whole` bytes once line `i` is made, is forecast to pass `maxBytes` by the margin at the mean line so far. */
  passes(i: number, whole: number, maxBytes: number): boolean {
    this.start ??= whole;
    if ((i + 1) % FORECAST_EVERY !== 0) return false;
    const perLine = (whole - this.start) / i;
    return whole + perLine * (this.findings.length - i - 1) > maxBytes * FORECAST_MARGIN;
  }

  /**
   * For each rank, whether the cut is forecast not to reach it: when the statuses kept before it,
   * each at its count times the mean line of it so far (of all lines when none was made), come to
   * more than `budget` by the margin.
   */
  beyond(budget: number): boolean[] {
    const made = this.seenCounts.reduce((a, b) => a + b, 0);
    const perLine = made === 0 ? 0 : this.seenBytes.reduce((a, b) => a + b, 0) / made;
    let before = 0;
    return KEEP_ORDER.map((_, rank) => {
      const past = before > budget * FORECAST_MARGIN;
      const seen = this.seenCounts[rank] as number;
      before += (this.counts[rank] as number) * (seen === 0 ? perLine : (this.seenBytes[rank] as number) / seen);
      return past;
    });
  }
}

/**
 * Puts the cut JSON together in `temporary` from what `spilledFrom` holds: the opening made again
 * with its `truncated` field, the head after the opening and each kept finding's line copied as
 * bytes, the text after the list as it was made. A line not made yet is made when the cut reaches
 * it. When the cut keeps every finding and the whole fits after all (the forecast was wrong), the
 * whole is written, as it would have been.
 */
function writeCut(
  temporary: string,
  spilledFrom: string,
  assessment: Assessment,
  file: AssessmentFile,
  line: (finding: Finding) => string,
  spilled: Spilled,
  maxBytes: number,
): NonNullable<Assessment["truncated"]> | undefined {
  const { findings } = assessment;
  const { sizes } = spilled;
  const sizeOf = (i: number) => {
    if (sizes[i] === UNMADE) sizes[i] = Buffer.byteLength(line(findings[i] as Finding), "utf8");
    return sizes[i] as number;
  };
  const whole = wholeFits(spilled, sizeOf, maxBytes);
  const keep = whole ? new Uint8Array(findings.length).fill(1) : keptWithin(findings, sizeOf, spilled.budget);
  const truncated = whole ? undefined : truncatedBy(assessment, keep, maxBytes);
  const source = openSync(spilledFrom, "r");
  const writer = new Utf8Writer(openSync(temporary, "w"), maxBytes);
  try {
    const reader = new ByteReader(source, truncated ? spilled.opening : 0);
    if (truncated) writer.text(openingOf(withTruncated(file, truncated)));
    reader.copyTo(writer, truncated ? spilled.head - spilled.opening : spilled.head);
    let first = true;
    for (const [i, size] of sizes.entries()) {
      const copied = spilled.written[i] === 1;
      if (copied) reader.skip(LINE_COST);
      if (keep[i] === 0) {
        if (copied) reader.skip(size);
        continue;
      }
      writer.text(first ? LIST_OPEN : LIST_SEPARATOR);
      // A kept line not written was not made, or not kept by the forecast: it is made now.
      if (copied) reader.copyTo(writer, size);
      else writer.text(line(findings[i] as Finding));
      first = false;
    }
    writer.text(first ? EMPTY_LIST : LIST_CLOSE);
    eachBatch(spilled.after, (batch) => writer.text(batch));
    writer.end();
  } finally {
    writer.close();
    closeSync(source);
  }
  return truncated;
}

/**
 * Whether the whole JSON, every line kept, fits in `maxBytes` after all: a forecast may have cut it
 * before its bound was reached. Lines not made are measured only when the lines made leave room.
 */
function wholeFits(spilled: Spilled, sizeOf: (i: number) => number, maxBytes: number): boolean {
  const { sizes } = spilled;
  const bytes = (size: (i: number) => number) => {
    let total = spilled.head + (sizes.length === 0 ? EMPTY_LIST.length : LIST_CLOSE.length) + spilled.afterBytes;
    for (let i = 0; i < sizes.length; i++) total += size(i) + LINE_COST;
    return total;
  };
  // An unmade line counts as empty first, so the lines made alone tell most cuts apart from a whole.
  if (bytes((i) => Math.max(sizes[i] as number, 0)) > maxBytes) return false;
  return bytes(sizeOf) <= maxBytes;
}
