import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateRules, factKeyOf, type KeyEntry } from "../src/engine/evaluate.js";
import { buildPlacementSubject, buildServiceSubject } from "../src/engine/subject.js";
import { loadInputs } from "../src/load/inputs.js";
import { ROOT } from "./helpers/cli.js";

describe("fact key entries built from a part per subject and per placement", () => {
  it("give two (service, placement) pairs one entry for a rule exactly when factKeyOf gives them one key", () => {
    const inputs = loadInputs({ paths: [join(ROOT, "fixtures", "artifacts")], cwd: ROOT });
    const byName = new Map(inputs.profiles.map((p) => [p.value.metadata.name, p]));
    const makers = [
      ...inputs.profiles.map((p) => () => buildServiceSubject(p)),
      ...inputs.extracted.workloads.flatMap((w) => {
        const profile = w.service === undefined ? undefined : byName.get(w.service);
        return profile ? [() => buildServiceSubject(profile, w.facts)] : [];
      }),
    ];
    expect(makers.length).toBeGreaterThan(10);
    const readsBoth = inputs.rules.filter((r) => {
      const reads = [...r.when.reads, ...r.fails.reads];
      return reads.some((x) => x.startsWith("placement.")) && reads.some((x) => x.startsWith("service."));
    });
    expect(readsBoth.length).toBeGreaterThan(0);
    // Keyed as rules are evaluated, each subject under every placement (its part of each key is reused)...
    const subjects = makers.map((make) => make());
    const reused = new Map<string, KeyEntry>();
    for (const [s, subject] of subjects.entries()) {
      for (const loaded of inputs.placements) {
        const keys = new Map<string, KeyEntry>();
        evaluateRules(inputs.rules, subject, buildPlacementSubject(loaded.value, subject), undefined, keys);
        for (const [rule, key] of keys) reused.set(`${s} ${loaded.value.metadata.name} ${rule}`, key);
      }
    }
    expect(reused.size).toBe(subjects.length * inputs.placements.length * inputs.rules.length);
    // ...against factKeyOf, rule by rule, with a new subject for every key: one entry per distinct key.
    let differs = 0;
    for (const compiled of inputs.rules) {
      const entryOfKey = new Map<string, KeyEntry>();
      const keyOfEntry = new Map<KeyEntry, string>();
      for (const [s, make] of makers.entries()) {
        for (const loaded of inputs.placements) {
          const subject = make();
          const key = factKeyOf(compiled, subject, buildPlacementSubject(loaded.value, subject));
          const entry = reused.get(`${s} ${loaded.value.metadata.name} ${compiled.rule.id}`) as KeyEntry;
          const where = `${s} ${loaded.value.metadata.name} ${compiled.rule.id}`;
          expect(entryOfKey.get(key) ?? entry, where).toBe(entry);
          expect(keyOfEntry.get(entry) ?? key, where).toBe(key);
          entryOfKey.set(key, entry);
          keyOfEntry.set(entry, key);
        }
      }
      // The keys tell subjects apart where the facts differ: a cache that ignored the subject would not.
      if (readsBoth.includes(compiled) && entryOfKey.size > 1) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });
});
