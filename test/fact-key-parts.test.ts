import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateRules, factKeyOf } from "../src/engine/evaluate.js";
import { buildPlacementSubject, buildServiceSubject } from "../src/engine/subject.js";
import { loadInputs } from "../src/load/inputs.js";
import { ROOT } from "./helpers/cli.js";

describe("fact keys built from a part per subject", () => {
  it("gives every rule, service and placement, as rules are evaluated, the key factKeyOf gives it", () => {
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
    const reused = new Map<string, string>();
    for (const [s, subject] of subjects.entries()) {
      for (const loaded of inputs.placements) {
        const keys = new Map<string, string>();
        evaluateRules(inputs.rules, subject, buildPlacementSubject(loaded.value, subject), undefined, keys);
        for (const [rule, key] of keys) reused.set(`${s} ${loaded.value.metadata.name} ${rule}`, key);
      }
    }
    expect(reused.size).toBe(subjects.length * inputs.placements.length * inputs.rules.length);
    // ...and by factKeyOf, rule by rule, with a new subject for every key.
    let differs = 0;
    for (const compiled of inputs.rules) {
      for (const [s, make] of makers.entries()) {
        for (const loaded of inputs.placements) {
          const subject = make();
          const key = factKeyOf(compiled, subject, buildPlacementSubject(loaded.value, subject));
          expect(key, `${s} ${loaded.value.metadata.name} ${compiled.rule.id}`).toBe(
            reused.get(`${s} ${loaded.value.metadata.name} ${compiled.rule.id}`),
          );
        }
      }
    }
    // The keys tell subjects apart where the facts differ: a cache that ignored the subject would not.
    for (const compiled of readsBoth) {
      const keys = new Set(
        subjects.flatMap((_, s) => inputs.placements.map((l) => reused.get(`${s} ${l.value.metadata.name} ${compiled.rule.id}`))),
      );
      if (keys.size > 1) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });
});
