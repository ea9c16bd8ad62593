import { compareText } from "../../load/problem.js";
import { describeValue } from "./describe-value.js";

/** Flattens nested facts into sorted `dotted.path = value` pairs; scalar lists stay on one line. */
export function flattenFacts(facts: Record<string, unknown>, prefix = ""): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  for (const key of Object.keys(facts).sort(compareText)) {
    const value = facts[key];
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== "object")) {
        out.push({ path, value: value.length === 0 ? "(none)" : value.map(describeValue).join(", ") });
      } else {
        value.forEach((item, i) => {
          if (item !== null && typeof item === "object") out.push(...flattenFacts(item as Record<string, unknown>, `${path}[${i}]`));
          else out.push({ path: `${path}[${i}]`, value: describeValue(item) });
        });
      }
    } else if (value !== null && typeof value === "object") {
      out.push(...flattenFacts(value as Record<string, unknown>, path));
    } else {
      out.push({ path, value: describeValue(value) });
    }
  }
  return out;
}
