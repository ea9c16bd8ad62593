import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { loadOrFail } from "../options.js";

interface PlacementsArgs {
  action: string;
  rules: string[];
  format: string;
}

/** One row of `placements list`: the name `--placement` and policies take, and what it stands for. */
export interface PlacementRow {
  name: string;
  title: string;
  graceSeconds: number;
  ipStable: boolean;
  hostnameStable: boolean;
}

/** `blendcheck placements list`: the placements `--placement` and a policy's `placements` accept. */
export const placementsCommand: Command<PlacementsArgs> = {
  name: "placements <action>",
  describe: "List the placements (list) that --placement and a policy accept",
  builder: (yargs) =>
    yargs
      .positional("action", { type: "string", choices: ["list"], describe: "What to do" })
      .option("rules", {
        type: "string",
        array: true,
        default: [] as string[],
        describe: "Extra rule directory with placements (repeatable)",
      })
      .option("format", { type: "string", choices: ["text", "json"], default: "text", describe: "Output format" }) as never,
  async run(args) {
    const inputs = loadOrFail([], args.rules);
    const rows: PlacementRow[] = inputs.placements.map(({ value }) => ({
      name: value.metadata.name,
      title: value.metadata.title,
      graceSeconds: value.spec.graceSeconds,
      ipStable: value.spec.ipStable,
      hostnameStable: value.spec.hostnameStable,
    }));
    process.stdout.write(args.format === "json" ? `${JSON.stringify(rows, null, 2)}\n` : renderPlacementTable(rows));
    return EXIT.ok;
  },
};

/** Renders placement rows as an aligned text table. */
export function renderPlacementTable(rows: readonly PlacementRow[]): string {
  const yesNo = (value: boolean) => (value ? "yes" : "no");
  const table = [
    ["placement", "grace", "ip stable", "hostname stable", "title"],
    ...rows.map((r) => [r.name, `${r.graceSeconds} s`, yesNo(r.ipStable), yesNo(r.hostnameStable), r.title]),
  ];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length))) ?? [];
  return `${table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")).join("\n")}\n`;
}
