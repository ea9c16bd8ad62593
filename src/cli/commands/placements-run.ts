import { EXIT } from "../exit-codes.js";
import { loadOrFail } from "../read-inputs.js";
import type { PlacementsArgs } from "./placements.js";

/** One row of `placements list`: the name `--placement` and policies take, and what it stands for. */
export interface PlacementRow {
  name: string;
  title: string;
  graceSeconds: number;
  ipStable: boolean;
  hostnameStable: boolean;
}

/** Runs `blendcheck placements`, loaded only when the command runs. */
export async function runPlacements(args: PlacementsArgs): Promise<number> {
  const inputs = await loadOrFail([], args.rules);
  const rows: PlacementRow[] = inputs.placements.map(({ value }) => ({
    name: value.metadata.name,
    title: value.metadata.title,
    graceSeconds: value.spec.graceSeconds,
    ipStable: value.spec.ipStable,
    hostnameStable: value.spec.hostnameStable,
  }));
  process.stdout.write(args.format === "json" ? `${JSON.stringify(rows, null, 2)}\n` : renderPlacementTable(rows));
  return EXIT.ok;
}

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
