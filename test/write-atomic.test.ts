import { execFileSync, spawn } from "node:child_process";
import { closeSync, constants, mkdirSync, openSync, readdirSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eachBatch, TooManyBytesError, writeFileAtomic } from "../src/report/write.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

const PROFILE = `apiVersion: blendcheck/v1
kind: ServiceProfile
metadata:
  name: demo-worker
  project: demo
  description: A test service.
spec:
  role: worker
  evidence: []
`;

describe("writeFileAtomic", () => {
  it("replaces the file and leaves no temporary file behind", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "r.json"), "old");
    writeFileAtomic(join(dir, "r.json"), "new");
    expect(readFileSync(join(dir, "r.json"), "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["r.json"]);
  });

  it("writes text given in pieces whole and in order, across several batches", () => {
    const dir = tempDir();
    // About 3 MiB in pieces of every size, with characters of one to four UTF-8 bytes.
    const pieces = Array.from({ length: 3000 }, (_, i) => `${i}:${"aé€😀".repeat(i % 7)}${"x".repeat((i * 37) % 2000)}\n`);
    writeFileAtomic(join(dir, "r.json"), pieces);
    expect(readFileSync(join(dir, "r.json"), "utf8")).toBe(pieces.join(""));
    expect(readdirSync(dir)).toEqual(["r.json"]);
    const batches: string[] = [];
    eachBatch(pieces, (batch) => batches.push(batch));
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.join("")).toBe(pieces.join(""));
    const none: string[] = [];
    eachBatch(["", ""], (batch) => none.push(batch));
    expect(none).toEqual([]);
    // A piece larger than the writer's buffer, between small ones.
    const large = ["a", "é€😀".repeat(700_000), "b"];
    writeFileAtomic(join(dir, "r.json"), large);
    expect(readFileSync(join(dir, "r.json"), "utf8")).toBe(large.join(""));
  });

  it("writes text as Node encodes it, across the writer's buffer, lone surrogates included", () => {
    const dir = tempDir();
    // Characters of one to four bytes at every offset, so some straddle the end of the buffer.
    const text = Array.from({ length: 200_000 }, (_, i) => ["a", "é", "€", "😀", "\uD800", "\uDFFF"][i % 6] ?? "").join("");
    // In pieces too, one of them ending between the two halves of a surrogate pair.
    const split = text.indexOf("😀", 99_990) + 1;
    for (const content of [text, [text.slice(0, split), text.slice(split)]]) {
      writeFileAtomic(join(dir, "r.txt"), content);
      expect(readFileSync(join(dir, "r.txt")).equals(Buffer.from(text, "utf8"))).toBe(true);
    }
  });

  it("writes up to its byte bound, and past it throws, removes its temporary file and leaves the target alone", () => {
    const dir = tempDir();
    const target = join(dir, "r.json");
    // Three bytes in UTF-8 per "€": the bound counts bytes, not characters.
    const pieces = Array.from({ length: 1500 }, () => "€".repeat(1000));
    const bytes = 1500 * 3000;
    writeFileAtomic(target, pieces, bytes);
    expect(readFileSync(target, "utf8")).toBe(pieces.join(""));
    writeFileSync(target, "old");
    for (const content of [pieces, pieces.join("")]) {
      expect(() => writeFileAtomic(target, content, bytes - 1)).toThrow(TooManyBytesError);
      expect(readdirSync(dir)).toEqual(["r.json"]);
      expect(readFileSync(target, "utf8")).toBe("old");
    }
  });

  it("throws, removes its temporary file and leaves the target alone when the rename fails", () => {
    const dir = tempDir();
    // Renaming a file over a non-empty directory fails (EISDIR), a real failure with no mocking.
    mkdirSync(join(dir, "r.json"));
    writeFileSync(join(dir, "r.json", "keep"), "kept");
    expect(() => writeFileAtomic(join(dir, "r.json"), "new")).toThrow();
    expect(readdirSync(dir)).toEqual(["r.json"]);
    expect(readFileSync(join(dir, "r.json", "keep"), "utf8")).toBe("kept");
  });
});

describe("a run killed while writing its report", () => {
  it("leaves the previous report whole", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "deploy"));
    writeFileSync(join(dir, "deploy", "demo.yaml"), PROFILE);
    const args = ["assess", "deploy", "--out", "out", "--format", "json"];
    expect(runCli(args, { cwd: dir, env: { SOURCE_DATE_EPOCH: "1000" } }).code).toBe(0);
    const target = join(dir, "out", "blendcheck.json");
    const before = readFileSync(target);
    // A later timestamp, so a report written in place would differ from the previous one.
    const child = spawn(process.execPath, [join(ROOT, "dist", "cli.mjs"), ...args], {
      cwd: dir,
      env: { ...process.env, SOURCE_DATE_EPOCH: "2000" },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    let done = false;
    void exited.then(() => {
      done = true;
    });
    // The temporary file is a FIFO made before the child reaches it: its write blocks once the pipe
    // is full, so the child is caught mid-write for as long as the test wants.
    const temporary = join(dir, "out", `.blendcheck.json.${child.pid}.tmp`);
    execFileSync("mkfifo", [temporary]);
    const fd = openSync(temporary, constants.O_RDONLY | constants.O_NONBLOCK);
    let received = 0;
    const deadline = Date.now() + 30_000;
    while (received === 0 && !done && Date.now() < deadline) {
      try {
        received = readSync(fd, Buffer.alloc(4096));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill("SIGKILL");
    await exited;
    closeSync(fd);
    expect(received, "the child never wrote its temporary file").toBeGreaterThan(0);
    expect(readFileSync(target).equals(before)).toBe(true);
  });
});
