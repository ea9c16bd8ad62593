import { closeSync, openSync, readSync, renameSync, rmSync } from "node:fs";
import { type FindingSink, findingOfWorkload } from "../engine/workload-findings.js";
import type { Assessment, Finding, FindingStatus, ServiceResult, Workload } from "../model/assessment.js";
import { assessmentEncoder, findingLineEncoder } from "../model/assessment-codec.js";
import { FINDING_STATUSES, MAX_ASSESSMENT_BYTES } from "../model/constants.js";
import { Column, ShortColumn } from "./columns.js";
import {
  budgetAfter,
  EMPTY_LIST,
  inCutOrder,
  JsonTooLargeError,
  KEEP_ORDER,
  LINE_COST,
  LIST_CLOSE,
  LIST_OPEN,
  LIST_SEPARATOR,
  openingOf,
  withTruncated,
} from "./json.js";
import { type JsonWritten, writeAroundFindings } from "./json-file.js";
import { BATCH_UNITS, ByteReader, eachBatch, temporaryPath, Utf8Writer } from "./write.js";

/**
 * A `FindingSink` for the assessment JSON: each workload's findings are encoded into their lines as
 * they come and written to a file of their own, with each line's status, size and shared group kept
 * in typed arrays. A finding that agrees with the first of its group is not written: the workload
 * keeps where it comes among its lines, in a layout that the workloads laid out alike share. Nor is a
 * finding object given again, for another workload of its class, without locations of its own: its
 * line is held from its second time on, and the layout names it. The lines name no workload;
 * `writeSpilledJsonFile` puts each workload's id in as it copies them into the JSON, in the order the
 * assessment lists them.
 */
export class JsonFindingSpill implements FindingSink {
  private readonly fd: number;
  private readonly writer: Utf8Writer;
  private encode: ((finding: Finding) => string) | undefined;
  /** Each line's status, with `GROUPED` added when it belongs to a shared group. */
  private readonly statuses = new Column((n) => new Uint8Array(n));
  private readonly sizes = new ShortColumn();
  /** The bytes of each line up to where its workload goes, `{"rule":…,"service":…`. */
  private readonly slots = new ShortColumn();
  /** The shared group of each line that has one, in the order of the lines. */
  private readonly groups = new Column((n) => new Int32Array(n));
  /** Where each workload's groups start in `groups`. */
  private readonly firstGroups = new Column((n) => new Uint32Array(n));
  /** Where each workload's lines start: the first line's number, and its byte in the file. */
  private readonly firstLines = new Column((n) => new Uint32Array(n));
  private readonly firstBytes = new Column((n) => new Float64Array(n));
  private readonly results: ServiceResult[] = [];
  /**
   * The layout of the workload being given: -1 for each line written, the group for each finding that
   * agrees with its group's first, and `HELD_LINE - n` for held line `n`.
   */
  private layout: number[] = [];
  /** Each workload's layout, by number into `layouts`; layouts alike are kept once. */
  private readonly layoutOf = new Column((n) => new Uint32Array(n));
  private readonly layouts: Int32Array[] = [];
  private readonly layoutNumbers = new Map<string, number>();
  private agreeing: (group: number, workload: Workload) => Finding = () => {
    throw new RangeError("expected the spill to be finished before its lines are read");
  };
  /** The line of a finding that agrees with the first of a group, by group, made once it is asked for. */
  private readonly agreeingLines = new Map<number, HeldLine>();
  /** The lines of findings given more than once, by number. */
  private readonly heldLines: HeldLine[] = [];
  /** Each finding given without locations and not in a group: the number of its held line, or -1 when it was given once. */
  private readonly heldNumbers = new WeakMap<Finding, number>();
  private readonly jsonBytes = new Map<string, number>();
  private batch: string[] = [];
  private units = 0;
  listing: readonly (Finding | number)[] = [];
  private target = "";
  /** A failing finding under the scoring target per rule and service: the terminal summary's blockers count services by name. */
  private readonly failing = new Map<string, Finding>();
  keptOnce: Uint8Array = new Uint8Array(0);

  constructor(readonly path: string) {
    this.fd = openSync(path, "w+");
    this.writer = new Utf8Writer(this.fd);
    this.firstLines.push(0);
    this.firstBytes.push(0);
    this.firstGroups.push(0);
  }

  begin(header: Pick<Assessment, "rules" | "placements" | "scoring">): void {
    this.encode = findingLineEncoder(header);
    this.target = header.scoring.target;
  }

  add(finding: Finding, workload: Workload, group: number): void {
    if (finding.status === "fail" && finding.placement === this.target) {
      const key = `${finding.rule}\u0000${finding.service}`;
      if (!this.failing.has(key)) this.failing.set(key, findingOfWorkload(finding, workload));
    }
    if (group < 0 && finding.locations.length === 0) {
      const held = this.heldNumbers.get(finding);
      if (held !== undefined) {
        this.layout.push(HELD_LINE - (held >= 0 ? held : this.hold(finding)));
        return;
      }
      this.heldNumbers.set(finding, -1);
    }
    const text = (this.encode as (finding: Finding) => string)(finding);
    this.statuses.push((STATUS_NUMBERS.get(finding.status) as number) + (group >= 0 ? GROUPED : 0));
    this.sizes.push(Buffer.byteLength(text, "utf8"));
    // `{"rule":` and `,"service":` are 8 and 11 bytes.
    this.slots.push(19 + this.bytesOfJson(finding.rule) + this.bytesOfJson(finding.service));
    if (group >= 0) this.groups.push(group);
    this.layout.push(-1);
    this.batch.push(text);
    this.units += text.length;
    if (this.units >= BATCH_UNITS) this.flushBatch();
  }

  agree(group: number): void {
    this.layout.push(group);
  }

  /** Holds the line of a finding given a second time, and returns its number. */
  private hold(finding: Finding): number {
    const number = this.heldLines.length;
    this.heldLines.push(this.heldLineOf(finding));
    this.heldNumbers.set(finding, number);
    return number;
  }

  private heldLineOf(finding: Finding): HeldLine {
    const text = (this.encode as (finding: Finding) => string)(finding);
    return {
      text,
      bytes: Buffer.byteLength(text, "utf8"),
      slot: `{"rule":${JSON.stringify(finding.rule)},"service":${JSON.stringify(finding.service)}`.length,
      status: STATUS_NUMBERS.get(finding.status) as number,
    };
  }

  endWorkload(result: ServiceResult): number {
    this.flushBatch();
    this.results.push(result);
    const key = this.layout.join(",");
    let layout = this.layoutNumbers.get(key);
    if (layout === undefined) {
      layout = this.layouts.length;
      this.layouts.push(Int32Array.from(this.layout));
      this.layoutNumbers.set(key, layout);
    }
    this.layoutOf.push(layout);
    this.layout = [];
    this.firstLines.push(this.statuses.length);
    this.firstBytes.push(this.writer.size);
    this.firstGroups.push(this.groups.length);
    return this.results.length - 1;
  }

  finish(listing: readonly (Finding | number)[], keptOnce: Uint8Array, agreeing: (group: number, workload: Workload) => Finding): void {
    this.flushBatch();
    this.writer.end();
    this.listing = listing;
    this.keptOnce = keptOnce;
    this.agreeing = agreeing;
  }

  /**
   * The assessment as the terminal summary reads it: with a failing finding under the scoring target
   * for each rule and service among the findings spilled, which is all the summary reads of them.
   */
  summarized(assessment: Assessment): Assessment {
    return { ...assessment, findings: [...assessment.findings, ...this.failing.values()] };
  }

  /** Closes and deletes the file of lines. */
  remove(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }

  /**
   * Calls `line` for each finding of workload `number`, in the order they were given: the number of its
   * line written, or undefined for one whose line is held (one that agrees with its group's first, or
   * a finding given before: then `held` is its line); its status and size; and whether the JSON lists
   * it (not when its group is listed once without a workload). Lines written come in the order they
   * were written.
   */
  eachLine(
    number: number,
    line: (index: number | undefined, status: number, size: number, listed: boolean, held?: HeldLine) => void,
  ): void {
    const layout = this.layouts[this.layoutOf.at(number)] as Int32Array;
    let next = this.firstLines.at(number);
    let nextGroup = this.firstGroups.at(number);
    for (let k = 0; k < layout.length; k++) {
      const entry = layout[k] as number;
      if (entry <= HELD_LINE) {
        const held = this.heldLines[HELD_LINE - entry] as HeldLine;
        line(undefined, held.status, held.bytes, true, held);
        continue;
      }
      if (entry < 0) {
        const status = this.statuses.at(next);
        const listed = status < GROUPED || this.keptOnce[this.groups.at(nextGroup++)] !== 1;
        line(next, status % GROUPED, this.sizes.at(next), listed);
        next++;
        continue;
      }
      const agreeing = this.agreeingLine(entry, number);
      line(undefined, agreeing.status, agreeing.bytes, this.keptOnce[entry] !== 1, agreeing);
    }
  }

  private agreeingLine(group: number, number: number): HeldLine {
    let known = this.agreeingLines.get(group);
    if (known === undefined) {
      known = this.heldLineOf(this.agreeing(group, this.result(number).workload as Workload));
      this.agreeingLines.set(group, known);
    }
    return known;
  }

  result(number: number): ServiceResult {
    return this.results[number] as ServiceResult;
  }

  /** Workload `number`'s lines as written, read back into `into` (grown when too small). */
  readBlock(number: number, into: Buffer): Buffer {
    const from = this.firstBytes.at(number);
    const size = this.firstBytes.at(number + 1) - from;
    const buffer = into.length >= size ? into : Buffer.allocUnsafe(Math.max(size, into.length * 2));
    for (let read = 0; read < size; ) {
      const got = readSync(this.fd, buffer, read, size - read, from + read);
      if (got === 0) throw new RangeError(`expected ${size} bytes of findings at ${from}, the file ended`);
      read += got;
    }
    return buffer;
  }

  /** The line's bytes before its workload's place. */
  slotOf(index: number): number {
    return this.slots.at(index);
  }

  private bytesOfJson(text: string): number {
    let bytes = this.jsonBytes.get(text);
    if (bytes === undefined) {
      bytes = Buffer.byteLength(JSON.stringify(text), "utf8");
      this.jsonBytes.set(text, bytes);
    }
    return bytes;
  }

  private flushBatch(): void {
    if (this.batch.length === 0) return;
    this.writer.text(this.batch.join(""));
    this.batch = [];
    this.units = 0;
  }
}

/** A line held rather than written, without its workload, whose place is after `slot` characters. */
interface HeldLine {
  text: string;
  bytes: number;
  slot: number;
  status: number;
  /** Its bytes before and after its workload's place, once it is copied. */
  halves?: { head: Buffer; tail: Buffer };
}

/** A held line's bytes before and after its workload's place, encoded the first time they are asked for. */
function halvesOf(held: HeldLine): { head: Buffer; tail: Buffer } {
  held.halves ??= { head: Buffer.from(held.text.slice(0, held.slot), "utf8"), tail: Buffer.from(held.text.slice(held.slot), "utf8") };
  return held.halves;
}

const LIST_OPEN_BYTES = Buffer.from(LIST_OPEN, "utf8");
const LIST_SEPARATOR_BYTES = Buffer.from(LIST_SEPARATOR, "utf8");

/** The layout's entry for held line 0; held line `n`'s is `HELD_LINE - n` (-1 is a line written, 0 up a group). */
const HELD_LINE = -2;

/** Added to a line's status when the line belongs to a shared group (statuses are numbered below it). */
const GROUPED = 16;

const STATUS_NUMBERS = new Map<FindingStatus, number>(FINDING_STATUSES.map((status, i) => [status, i]));
/** Each status's place in `KEEP_ORDER`, by its number. */
const KEEP_RANKS = FINDING_STATUSES.map((status) => KEEP_ORDER.indexOf(status));

/**
 * Writes the assessment JSON to `path` atomically, with the findings the spill holds in their place
 * among the assessment's own: the same bytes `writeJsonFile` writes for the assessment with every
 * finding held. Past `maxBytes`, findings are left out as it leaves them out. Each line's size is
 * known before any is copied, so whether and where to cut is decided first, and no line is made twice.
 */
export function writeSpilledJsonFile(
  path: string,
  assessment: Assessment,
  spill: JsonFindingSpill,
  maxBytes: number = MAX_ASSESSMENT_BYTES,
): JsonWritten {
  const encoder = assessmentEncoder(assessment);
  const line = encoder.line;
  const slotText = (number: number) => {
    const result = spill.result(number);
    return `,"workload":${JSON.stringify(encoder.workloadId(result.name, result.workload as NonNullable<ServiceResult["workload"]>))}`;
  };
  const listing: Listing = { spill, line, slotText };
  // What the listed lines come to, with their separators, by status.
  const counts = new Float64Array(FINDING_STATUSES.length);
  const bytes = new Float64Array(FINDING_STATUSES.length);
  eachListed(listing, (status, size) => {
    counts[status] = (counts[status] as number) + 1;
    bytes[status] = (bytes[status] as number) + size + LINE_COST;
  });
  const lines = counts.reduce((a, b) => a + b, 0);
  const file = encoder.file([]);
  const first = temporaryPath(path);
  const second = temporaryPath(path, ".cut");
  try {
    // The text before the findings is written, and the text after them kept, before any line is copied.
    const writer = new Utf8Writer(openSync(first, "w"));
    let fits = false;
    try {
      const { opening, head, after } = writeAroundFindings(writer, file, maxBytes);
      const afterBytes = after.reduce((sum, piece) => sum + Buffer.byteLength(piece, "utf8"), 0);
      const listed = bytes.reduce((a, b) => a + b, 0);
      fits = head + listed + (lines === 0 ? EMPTY_LIST.length : LIST_CLOSE.length) + afterBytes <= maxBytes;
      if (fits) {
        writeListed(writer, listing, () => true);
        eachBatch(after, (batch) => writer.text(batch));
      }
      writer.end();
      if (!fits) {
        const worst = withTruncated(file, { limitBytes: maxBytes, findingsLeftOut: leftOut(assessment, counts, () => 0) });
        const budget = budgetAfter(Buffer.byteLength(openingOf(worst), "utf8") + (head - opening) + afterBytes, maxBytes);
        if (budget + LIST_CLOSE.length < EMPTY_LIST.length) throw new JsonTooLargeError(maxBytes);
        return writeCut(
          second,
          first,
          { file, opening, head, after },
          listing,
          assessment,
          counts,
          cutWithin(budget, bytes, listing),
          maxBytes,
          path,
        );
      }
    } finally {
      writer.close();
    }
    renameSync(first, path);
    return {};
  } finally {
    rmSync(first, { force: true });
    rmSync(second, { force: true });
  }
}

/** The findings of a spilled assessment in the order the JSON lists them, and how each line is made. */
interface Listing {
  spill: JsonFindingSpill;
  /** A finding held in memory, encoded. */
  line: (finding: Finding) => string;
  /** The text that names workload `number` in each of its lines. */
  slotText: (number: number) => string;
}

/** Calls `visit` with the status and size in the JSON of each listed line, in order. */
function eachListed({ spill, line, slotText }: Listing, visit: (status: number, size: number) => void): void {
  for (const entry of spill.listing) {
    if (typeof entry !== "number") {
      visit(STATUS_NUMBERS.get(entry.status) as number, Buffer.byteLength(line(entry), "utf8"));
      continue;
    }
    const slot = Buffer.byteLength(slotText(entry), "utf8");
    spill.eachLine(entry, (_, status, size, listed) => {
      if (listed) visit(status, size + slot);
    });
  }
}

/** The counts the `truncated` field gives: the findings of each status `keep` does not keep, and those left out before. */
function leftOut(assessment: Assessment, counts: Float64Array, keep: (status: number) => number): Partial<Record<FindingStatus, number>> {
  const out: Partial<Record<FindingStatus, number>> = { ...assessment.truncated?.findingsLeftOut };
  for (let status = 0; status < FINDING_STATUSES.length; status++) {
    const left = (counts[status] as number) - keep(status);
    const name = FINDING_STATUSES[status] as FindingStatus;
    if (left > 0) out[name] = (out[name] ?? 0) + left;
  }
  return inCutOrder(out);
}

/** A cut: the statuses kept whole, and how many lines of the status it cuts through are kept, in the order they are listed. */
interface Cut {
  /** The rank in `KEEP_ORDER` of the status the cut goes through; past the last rank when every line is kept. */
  through: number;
  kept: number;
}

/**
 * Which lines a cut keeps within `budget` bytes, as `keptWithin` keeps them: whole statuses in
 * `KEEP_ORDER` while each fits whole, then lines of the next in the order they are listed until the
 * first that does not fit, and none after.
 */
function cutWithin(budget: number, bytes: Float64Array, listing: Listing): Cut {
  let used = 0;
  for (let rank = 0; rank < KEEP_ORDER.length; rank++) {
    const status = FINDING_STATUSES.indexOf(KEEP_ORDER[rank] as FindingStatus);
    if (used + (bytes[status] as number) <= budget) {
      used += bytes[status] as number;
      continue;
    }
    let kept = 0;
    let full = false;
    eachListed(listing, (status, size) => {
      if (full || KEEP_RANKS[status] !== rank) return;
      if (used + size + LINE_COST > budget) full = true;
      else {
        used += size + LINE_COST;
        kept++;
      }
    });
    return { through: rank, kept };
  }
  return { through: KEEP_ORDER.length, kept: 0 };
}

/** Whether the cut keeps the next listed line of the status numbered `status`: asked of every line in order. */
function keeperOf(cut: Cut): (status: number) => boolean {
  let seen = 0;
  return (status) => {
    const rank = KEEP_RANKS[status] as number;
    if (rank < cut.through) return true;
    if (rank > cut.through) return false;
    return seen++ < cut.kept;
  };
}

/**
 * Writes the cut JSON to `temporary`: the opening made again with its `truncated` field, the text
 * after it copied from `written`, the lines the cut keeps and the text after the list; then puts it at `path`.
 */
function writeCut(
  temporary: string,
  written: string,
  layout: { file: ReturnType<ReturnType<typeof assessmentEncoder>["file"]>; opening: number; head: number; after: readonly string[] },
  listing: Listing,
  assessment: Assessment,
  counts: Float64Array,
  cut: Cut,
  maxBytes: number,
  path: string,
): JsonWritten {
  const keptOf = (status: number) => {
    const rank = KEEP_RANKS[status] as number;
    return rank < cut.through ? (counts[status] as number) : rank === cut.through ? cut.kept : 0;
  };
  const truncated = { limitBytes: maxBytes, findingsLeftOut: leftOut(assessment, counts, keptOf) };
  const target = new Utf8Writer(openSync(temporary, "w"), maxBytes);
  const source = openSync(written, "r");
  try {
    target.text(openingOf(withTruncated(layout.file, truncated)));
    new ByteReader(source, layout.opening).copyTo(target, layout.head - layout.opening);
    writeListed(target, listing, keeperOf(cut));
    eachBatch(layout.after, (batch) => target.text(batch));
    target.end();
  } finally {
    target.close();
    closeSync(source);
  }
  renameSync(temporary, path);
  return { truncated };
}

/** Writes the listed lines `keep` keeps, asked of each in the order they are listed, as the findings list. */
function writeListed(writer: Utf8Writer, { spill, line, slotText }: Listing, keep: (status: number) => boolean): void {
  let first = true;
  let block: Buffer = Buffer.allocUnsafe(1 << 16);
  for (const entry of spill.listing) {
    if (typeof entry !== "number") {
      if (!keep(STATUS_NUMBERS.get(entry.status) as number)) continue;
      writer.text(first ? LIST_OPEN : LIST_SEPARATOR);
      writer.text(line(entry));
      first = false;
      continue;
    }
    block = spill.readBlock(entry, block);
    // Each piece is copied as bytes: the workload's id once encoded for all its lines, a held line's halves once for the run.
    const slot = Buffer.from(slotText(entry), "utf8");
    let at = 0;
    spill.eachLine(entry, (index, status, size, listed, held) => {
      if (held !== undefined) {
        if (!listed || !keep(status)) return;
        writer.bytes(first ? LIST_OPEN_BYTES : LIST_SEPARATOR_BYTES);
        const { head, tail } = halvesOf(held);
        writer.bytes(head);
        writer.bytes(slot);
        writer.bytes(tail);
        first = false;
        return;
      }
      const offset = at;
      at += size;
      if (!listed || !keep(status)) return;
      writer.bytes(first ? LIST_OPEN_BYTES : LIST_SEPARATOR_BYTES);
      const slotAt = spill.slotOf(index as number);
      writer.bytes(block.subarray(offset, offset + slotAt));
      writer.bytes(slot);
      writer.bytes(block.subarray(offset + slotAt, offset + size));
      first = false;
    });
  }
  writer.text(first ? EMPTY_LIST : LIST_CLOSE);
}
