import { afterEach, expect, it, vi } from "vitest";
import { buildParser } from "../src/cli/run.js";

interface UsageInstance {
  hasCachedHelpMessage: () => boolean;
  help: () => string;
}

function usageOf(cli: unknown): UsageInstance {
  return (cli as { getInternalMethods: () => { getUsageInstance: () => UsageInstance } }).getInternalMethods().getUsageInstance();
}

afterEach(() => {
  vi.restoreAllMocks();
});

it("runs a command without rendering its help, and still renders the help when asked", async () => {
  const written: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  let code: number | undefined;
  const cli = buildParser(["schema", "profile"], (ran) => {
    code = ran;
  });
  await cli.parseAsync();
  expect(code).toBe(0);
  expect(JSON.parse(written.join(""))).toHaveProperty("$schema");
  const usage = usageOf(cli);
  expect(usage.hasCachedHelpMessage()).toBe(false);
  expect(usage.help()).toContain("blendcheck schema <kind>");
});
