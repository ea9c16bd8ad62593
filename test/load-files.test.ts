import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDocuments } from "../src/load/documents.js";
import { listFiles, readInputFile } from "../src/load/files.js";
import { collectGarbage } from "./helpers/collect-garbage.js";

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "blendcheck-files-"));
}

describe("paths that are not regular files", () => {
  it("refuses a FIFO given as a path without opening it for a blocking read", () => {
    const dir = scratch();
    execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
    const listed = listFiles(["pipe.yaml"], dir);
    expect(listed.files).toEqual([]);
    expect(listed.problems).toMatchObject([{ file: "pipe.yaml", code: "not-a-regular-file" }]);
    const read = readInputFile(join(dir, "pipe.yaml"), dir);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem).toMatchObject({ file: "pipe.yaml", code: "not-a-regular-file" });
  });

  it("refuses character devices such as /dev/zero and /dev/null", () => {
    for (const device of ["/dev/zero", "/dev/null"]) {
      const listed = listFiles([device], "/tmp");
      expect(listed.files).toEqual([]);
      expect(listed.problems).toMatchObject([{ file: device, code: "not-a-regular-file" }]);
      const read = readInputFile(device, "/tmp");
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.problem).toMatchObject({ file: device, code: "not-a-regular-file" });
    }
  });

  it("refuses a directory where a file is expected", () => {
    const dir = scratch();
    mkdirSync(join(dir, "policy.yaml"));
    const read = readInputFile(join(dir, "policy.yaml"), dir);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem).toMatchObject({ file: "policy.yaml", code: "not-a-regular-file" });
  });

  it("names a symbolic link loop as a loop, not as a missing file", () => {
    const dir = scratch();
    symlinkSync("b", join(dir, "a"));
    symlinkSync("a", join(dir, "b"));
    const listed = listFiles(["a"], dir);
    expect(listed.problems).toMatchObject([{ file: "a", code: "link-loop" }]);
    const read = readInputFile(join(dir, "a"), dir);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem).toMatchObject({ file: "a", code: "link-loop" });
  });
});

describe("encodings and line endings", () => {
  const profile = "apiVersion: blendcheck/v1\nkind: ServiceProfile\n";

  it("decodes UTF-16 with a byte order mark, little- and big-endian", () => {
    const dir = scratch();
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(profile, "utf16le")]);
    const be = Buffer.from(le.subarray(2)).swap16();
    writeFileSync(join(dir, "le.yaml"), le);
    writeFileSync(join(dir, "be.yaml"), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    for (const name of ["le.yaml", "be.yaml"]) {
      const read = readInputFile(join(dir, name), dir);
      expect(read.ok && read.input.text).toBe(profile);
    }
  });

  it("reads CR-only line endings as line breaks, so locations name the right line", () => {
    const dir = scratch();
    writeFileSync(join(dir, "cr.yaml"), `${profile}metadata:\r  name: nova\r  bogus: 1\r`);
    const read = readInputFile(join(dir, "cr.yaml"), dir);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.input.text.split("\n")).toHaveLength(6);
    const loaded = loadDocuments([read.input]);
    const located = loaded.problems.filter((p) => p.line > 1);
    expect(located.length).toBeGreaterThan(0);
  });

  it("reads each file whole and alone, whatever was read before it: larger, smaller, binary, UTF-16", () => {
    const dir = scratch();
    const large = `${"x: 1\n".repeat(40_000)}`;
    const files: [string, string | Buffer][] = [
      ["large.yaml", large],
      ["small.yaml", "a: 1\n"],
      ["binary.yaml", Buffer.from([0x61, 0x00, 0x62])],
      ["after-binary.yaml", "b: 2\n"],
      ["utf16.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("c: 3\n", "utf16le")])],
      ["empty.yaml", ""],
      ["large-again.yaml", `${large}y: 2\n`],
    ];
    for (const [name, content] of files) writeFileSync(join(dir, name), content);
    const texts = files.map(([name]) => {
      const read = readInputFile(join(dir, name), dir);
      return read.ok ? read.input.text : read.problem.code;
    });
    expect(texts).toEqual([large, "a: 1\n", "binary-file", "b: 2\n", "c: 3\n", "", `${large}y: 2\n`]);
  });

  it("keeps CRLF line endings as they are", () => {
    const dir = scratch();
    writeFileSync(join(dir, "crlf.yaml"), "a: 1\r\nb: 2\r\n");
    const read = readInputFile(join(dir, "crlf.yaml"), dir);
    expect(read.ok && read.input.text).toBe("a: 1\r\nb: 2\r\n");
  });
});

describe("directory walking", () => {
  it("lists the files at the bottom of a deep tree and at its top, in name order", () => {
    const dir = scratch();
    // Short names keep the path under PATH_MAX, which bounds the depth a tree can reach.
    const depth = 1500;
    const deepest = join(dir, ...Array.from({ length: depth }, () => "d"));
    mkdirSync(deepest, { recursive: true });
    writeFileSync(join(deepest, "x.yaml"), "a: 1\n");
    writeFileSync(join(dir, "top.yaml"), "a: 1\n");
    const listed = listFiles(["."], dir);
    expect(listed.problems).toEqual([]);
    expect(listed.files.map((f) => f.slice(dir.length + 1))).toEqual([`${"d/".repeat(depth)}x.yaml`, "top.yaml"]);
  });
});

describe("the buffer files are read into", () => {
  it("is not kept at the size of a file larger than any input, such as a saved assessment", async () => {
    const dir = scratch();
    const size = 24 * 1024 * 1024;
    writeFileSync(join(dir, "assessment.json"), `"${"x".repeat(size - 2)}"`);
    collectGarbage();
    const before = process.memoryUsage().arrayBuffers;
    const read = readInputFile(join(dir, "assessment.json"), dir, 32 * 1024 * 1024);
    expect(read.ok && read.input.text.length).toBe(size);
    // A buffer's memory is given back as V8 sweeps it, which a busy machine may leave to a later turn.
    collectGarbage();
    for (let turn = 0; turn < 10 && process.memoryUsage().arrayBuffers - before >= size / 4; turn++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      collectGarbage();
    }
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(size / 4);
  });
});
