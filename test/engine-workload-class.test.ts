import { describe, expect, it } from "vitest";
import { evaluateRules, type ReadPath, readPathsOf } from "../src/engine/evaluate.js";
import { casePlacement, caseService } from "../src/engine/rule-test.js";
import type { ServiceSubject } from "../src/engine/subject.js";
import { type ClassReads, canShareByClass, classKeyOf, classReadsOf, reskinFindings, reskinnable } from "../src/engine/workload-class.js";
import type { ArtifactFacts } from "../src/extract/index.js";
import type { CompiledMitigation, CompiledRule } from "../src/load/documents.js";
import type { Finding } from "../src/model/assessment.js";
import { buildInputs, placementYaml, ruleYaml } from "./helpers/scoring-fixtures.js";

/** A compiled rule whose conditions have the given sources; only the fields classing reads. */
function sourceRule(when: string, fails: string): CompiledRule {
  return { when: { source: when }, fails: { source: fails }, rule: { message: "m" } } as unknown as CompiledRule;
}

describe("canShareByClass: which reads let workloads share an evaluation", () => {
  it("lets a presence test of the whole deployment or oslo value share, with any spacing", () => {
    expect(canShareByClass([sourceRule("has( service.deployment )", "has(service.oslo) && service.oslo.workers > 1")], [])).toBe(true);
    expect(canShareByClass([sourceRule("has(\tservice.oslo\t)", "false")], [])).toBe(true);
  });

  it("lets an optional or nested field read share, but not the whole value however it ends", () => {
    expect(canShareByClass([sourceRule("true", "service.deployment.?replicas.orValue(1) > 1")], [])).toBe(true);
    expect(canShareByClass([sourceRule("true", "service.deployment?.replicas > 1")], [])).toBe(true);
    expect(canShareByClass([sourceRule("true", "service.deployment .replicas > 1")], [])).toBe(true);
    expect(canShareByClass([sourceRule("true", "service.oslo ")], [])).toBe(false);
    expect(canShareByClass([sourceRule("true", "[service.oslo]")], [])).toBe(false);
    // The presence test is taken out, the whole read beside it still counts.
    expect(canShareByClass([sourceRule("has(service.oslo) && size(service.oslo) > 0", "false")], [])).toBe(false);
  });

  it("looks at every rule's `when` and every mitigation's `applies` and `sets`, not only the first", () => {
    const clean = sourceRule("true", "service.deployment.replicas > 1");
    expect(canShareByClass([clean, sourceRule('service.deployment.name == "a"', "true")], [])).toBe(false);
    const applies = { applies: { source: "service.oslo.files.size() > 0" }, sets: [] } as unknown as CompiledMitigation;
    const sets = {
      applies: { source: "true" },
      sets: [{ expression: { source: "1" } }, { expression: { source: "service.deployment.name" } }],
    } as unknown as CompiledMitigation;
    expect(canShareByClass([clean], [applies])).toBe(false);
    expect(canShareByClass([clean], [sets])).toBe(false);
  });
});

describe("classKeyOf: workloads differing only in what no rule, mitigation or message reads share a class", () => {
  // A new object each time: what a key prepares from its reads is kept by that object.
  const reads = (...paths: string[]): ClassReads => ({ paths: readPathsOf([{ reads: paths, presenceOnly: [] }]), locationKeys: [] });
  const replicasAndWorkers = () => reads("service.deployment.replicas", "service.oslo.workers");
  const subject = (facts: Record<string, unknown>, over: Partial<ServiceSubject> = {}) =>
    ({ name: "nova-api", facts, cel: new Map(), ...over }) as unknown as ServiceSubject;

  it("is the same for workloads that differ only in their names, images or any other fact nothing reads", () => {
    const a = subject({ deployment: { name: "a", replicas: 2, images: ["x:1"] }, oslo: { files: ["a.conf"], workers: 4, debug: true } });
    const b = subject({ deployment: { name: "b", replicas: 2, images: ["y:2"] }, oslo: { files: ["b.conf"], workers: 4 } });
    expect(classKeyOf(a, replicasAndWorkers())).toBe(classKeyOf(b, replicasAndWorkers()));
  });

  it("differs with a fact read, its absence, the service, a generic match or a job", () => {
    const base = subject({ deployment: { name: "a", replicas: 2 }, oslo: { files: [], workers: 4 } });
    const keys = [
      base,
      subject({ deployment: { name: "a", replicas: 3 }, oslo: { files: [], workers: 4 } }),
      subject({ deployment: { name: "a", replicas: 2 }, oslo: { files: [], workers: 5 } }),
      subject({ deployment: { name: "a", replicas: 2 } }),
      subject({ oslo: { files: [], workers: 4 } }),
      subject(base.facts, { name: "nova-conductor" }),
      subject(base.facts, { generic: true }),
      subject(base.facts, { generic: true, name: "shop" }),
      subject(base.facts, { job: true }),
      // The parts are kept apart: a name that ends like another part does not run into it.
      subject(base.facts, { name: "nova-apijob" }),
    ].map((s) => classKeyOf(s, replicasAndWorkers()));
    expect(new Set(keys).size).toBe(keys.length);
    expect(classKeyOf(subject({}, { job: false }), replicasAndWorkers())).toBe(classKeyOf(subject({}), replicasAndWorkers()));
  });

  it("keys a fact held once, frozen as a pool holds it, by the paths read of it", () => {
    const one = Object.freeze({ name: "a", replicas: 1, workers: 2 });
    const other = Object.freeze({ name: "b", replicas: 1, workers: 3 });
    const replicas = reads("service.deployment.replicas");
    const workers = reads("service.deployment.workers");
    expect(classKeyOf(subject({ deployment: one }), replicas)).toBe(classKeyOf(subject({ deployment: other }), replicas));
    expect(classKeyOf(subject({ deployment: one }), workers)).not.toBe(classKeyOf(subject({ deployment: other }), workers));
    expect(classKeyOf(subject({ deployment: one }), workers)).toBe(classKeyOf(subject({ deployment: { ...one } }), workers));
  });

  it("tells apart a profile fact the workload's files change, and reads the profile's own once per service", () => {
    const process = { shutdownSeconds: 60, signal: "profile-signal" };
    const profile = { value: { spec: { process } } } as unknown as ServiceSubject["profile"];
    const withProcess = (value: Record<string, unknown>) =>
      classKeyOf(subject({ process: value }, { profile }), reads("service.process.shutdownSeconds", "service.process.signal"));
    expect(withProcess({ shutdownSeconds: 90 })).not.toBe(withProcess(process));
    expect(withProcess({ shutdownSeconds: 90 })).not.toBe(withProcess({ shutdownSeconds: 120 }));
    expect(withProcess({ shutdownSeconds: 90 })).toBe(withProcess({ shutdownSeconds: 90 }));
    expect(withProcess(process)).not.toContain("profile-signal");
  });

  it("differs with the placement facts a manifest sets, though no condition reads the deployment fact they come from", () => {
    const detected = (deployment: Record<string, unknown>) =>
      subject({ deployment }, { artifact: { service: "nova-api", deployment, locations: {} } as unknown as ArtifactFacts });
    const pod = { source: "kubernetes", kind: "Deployment", placement: "k8s-scheduled", name: "a", replicas: 2 };
    const keyOf = (deployment: Record<string, unknown>) => classKeyOf(detected(deployment), replicasAndWorkers());
    expect(keyOf({ ...pod, name: "b" })).toBe(keyOf(pod));
    expect(keyOf({ ...pod, graceSeconds: 90 })).not.toBe(keyOf(pod));
    expect(keyOf({ ...pod, hostNetwork: true })).not.toBe(keyOf(pod));
    expect(keyOf({ ...pod, placement: "k8s-pinned" })).not.toBe(keyOf(pod));
  });

  it("differs with which of the facts a finding can cite its files locate", () => {
    const cited = () => ({ ...replicasAndWorkers(), locationKeys: ["deployment", "deployment.replicas"] });
    const at = (locations: Record<string, unknown>) =>
      subject({ deployment: { replicas: 2 } }, { artifact: { service: "nova-api", locations } as unknown as ArtifactFacts });
    const place = { file: "a.yaml", line: 3, column: 1 };
    const keyAt = (locations: Record<string, unknown>) => classKeyOf(at(locations), cited());
    expect(keyAt({ "deployment.replicas": place })).toBe(keyAt({ "deployment.replicas": { ...place, line: 9 } }));
    expect(keyAt({ "deployment.replicas": place })).not.toBe(keyAt({}));
    expect(keyAt({ deployment: place })).not.toBe(keyAt({ "deployment.replicas": place }));
    expect(keyAt({ "deployment.images": place })).toBe(keyAt({}));
    // A workload read from no file locates nothing.
    expect(classKeyOf(subject({ deployment: { replicas: 2 } }), cited())).toBe(keyAt({}));
  });

  it("tells apart, within one run, workloads whose places hold as many keys but not the same ones", () => {
    // One run's reads for every workload, as assess has them: what one workload's places answered is not another's.
    const reads = { ...replicasAndWorkers(), locationKeys: ["deployment", "deployment.replicas"] };
    const place = { file: "a.yaml", line: 3, column: 1 };
    const keyAt = (locations: Record<string, unknown>) =>
      classKeyOf(
        subject({ deployment: { replicas: 2 } }, { artifact: { service: "nova-api", locations } as unknown as ArtifactFacts }),
        reads,
      );
    const both = keyAt({ deployment: place, "deployment.replicas": place });
    const whole = keyAt({ deployment: place, "deployment.images": place });
    const replicas = keyAt({ "deployment.replicas": place, "deployment.images": place });
    expect(new Set([both, whole, replicas]).size).toBe(3);
    expect(keyAt({ "deployment.replicas": place, deployment: place })).toBe(both);
    expect(keyAt({ deployment: { ...place, line: 8 }, "deployment.images": place })).toBe(whole);
    expect(keyAt({ "deployment.images": place, "deployment.replicas": place })).toBe(replicas);
    // Keys are kept apart: `deployment` then `.x` is not the one key `deployment.x`.
    expect(keyAt({ deployment: place, ".x": place })).toBe(whole);
    expect(keyAt({ "deployment.x": place })).not.toBe(whole);
  });
});

describe("classReadsOf: the facts that decide a class", () => {
  const inputs = buildInputs([
    placementYaml("sched", "scheduled"),
    ruleYaml("termination/named", {
      when: "has(service.deployment)",
      fails: "service.deployment.replicas < 2",
      message: "{{service.deployment.name}} runs {{service.deployment.image}}",
    }),
    ruleYaml("termination/plain", { fails: "service.oslo.workers < 2", message: "{{service.oslo.debug}} {{placement.graceSeconds}}" }),
  ]);
  const sets = { reads: ["service.process.startSeconds"] };
  const mitigation = {
    applies: { reads: ["service.deployment.hostNetwork"], presenceOnly: [] },
    sets: [{ path: ["placement", "graceSeconds"], expression: sets }],
  } as unknown as CompiledMitigation;
  const read = (path: ReadPath) => `${[path.root, ...path.segments].join(".")}${path.presenceOnly ? "?" : ""}`;

  it("takes the service facts conditions and mitigations read, and neither messages' facts nor placement facts", () => {
    const { paths } = classReadsOf(inputs.rules, [mitigation]);
    expect(paths.map(read)).toEqual([
      "service.deployment?",
      "service.deployment.hostNetwork",
      "service.deployment.replicas",
      "service.oslo.workers",
      "service.process.startSeconds",
    ]);
  });

  it("takes the artifact facts a rule's reads can be located by", () => {
    const { locationKeys } = classReadsOf(inputs.rules, [mitigation]);
    expect(locationKeys).toEqual(["deployment", "deployment.replicas", "oslo", "oslo.workers"]);
  });
});

describe("reskinFindings: one class's findings made another workload's own", () => {
  const inputs = buildInputs([
    placementYaml("sched", "scheduled"),
    ruleYaml("termination/named", {
      fails: "service.deployment.replicas < 2",
      message: "{{service.deployment.name}} runs {{service.deployment.replicas}} replica",
    }),
    ruleYaml("termination/whole", { fails: "service.deployment.replicas < 2", message: "{{ service.deployment }} is alone" }),
    ruleYaml("termination/files", { fails: "service.oslo.workers < 2", message: "files {{service.oslo.files}} set one worker" }),
    ruleYaml("termination/oslo-whole", { fails: "service.oslo.workers < 2", message: "{{service.oslo}} is too small" }),
    ruleYaml("termination/plain", { fails: "service.deployment.replicas < 2", message: "one replica for {{service.project}}" }),
    ruleYaml("termination/holds", { fails: "service.deployment.replicas > 5", message: "{{service.deployment.name}} has too many" }),
  ]);
  const rulesById = new Map(inputs.rules.map((r) => [r.rule.id, r]));
  const sched = inputs.placements[0];
  if (!sched) throw new Error("fixture");
  const placement = casePlacement(sched.value, undefined);

  /** A workload of the class (one replica, one worker) named `name`, its facts read from `<name>.yaml` and `<name>.conf`. */
  const workload = (name: string): ServiceSubject => {
    const subject = caseService({
      name: "nova-api",
      project: "nova",
      deployment: { name, replicas: 1 },
      oslo: { files: [`${name}.conf`], workers: 1 },
    });
    const artifact: ArtifactFacts = {
      service: "nova-api",
      locations: {
        "deployment.replicas": { file: `${name}.yaml`, line: 7, column: 3 },
        "oslo.workers": { file: `${name}.conf`, line: 4, column: 1 },
      },
    };
    return { ...subject, artifact };
  };
  const byRule = (findings: readonly Finding[], rule: string) => findings.find((f) => f.rule === rule);

  const a = workload("api-a");
  const b = workload("api-b");
  const fromA = evaluateRules(inputs.rules, a, placement);

  it("starts from findings that name workload a and cite its files", () => {
    expect(byRule(fromA, "termination/named")?.message).toBe("api-a runs 1 replica");
    expect(byRule(fromA, "termination/named")?.locations).toEqual([{ file: "api-a.yaml", line: 7, column: 3 }]);
  });

  it("renders a failing message that names the workload, its whole deployment or its files with the other workload's facts", () => {
    const { findings, changed } = reskinFindings(fromA, rulesById, b, placement);
    expect(changed).toBe(true);
    expect(byRule(findings, "termination/named")?.message).toBe("api-b runs 1 replica");
    expect(byRule(findings, "termination/whole")?.message).toContain("api-b");
    expect(byRule(findings, "termination/whole")?.message).not.toContain("api-a");
    expect(byRule(findings, "termination/files")?.message).toContain("api-b.conf");
    // No space inside the braces: still the whole value.
    expect(byRule(findings, "termination/oslo-whole")?.message).toContain("api-b.conf");
  });

  it("renders a failing message that shows any other fact of the workload with its own value", () => {
    const withAddress = (address: string): ServiceSubject =>
      caseService({ name: "nova-api", project: "nova", deployment: { name: "api", replicas: 1 }, oslo: { myIp: address } });
    const shown = buildInputs([
      placementYaml("sched", "scheduled"),
      ruleYaml("termination/address", { fails: "has(service.oslo.myIp)", message: "my_ip = {{service.oslo.myIp}}" }),
    ]);
    const fromFirst = evaluateRules(shown.rules, withAddress("10.0.0.1"), placement);
    const byId = new Map(shown.rules.map((r) => [r.rule.id, r]));
    const { findings, changed } = reskinFindings(fromFirst, byId, withAddress("10.0.0.2"), placement);
    expect(changed).toBe(true);
    expect(byRule(findings, "termination/address")?.message).toBe("my_ip = 10.0.0.2");
  });

  it("takes each rendered message from the run's pool of texts, adding the ones it has not seen", () => {
    const pool = new Map<string, string>();
    const first = reskinFindings(fromA, rulesById, b, placement, undefined, undefined, pool);
    const texts = [...pool.keys()].sort();
    expect(texts).toContain("api-b runs 1 replica");
    expect(texts).toEqual([...new Set(texts)]);
    for (const [text, pooled] of pool) expect(pooled).toBe(text);
    // Another workload of the same name says the same: nothing new is pooled, and its messages are the first's.
    const again = reskinFindings(fromA, rulesById, workload("api-b"), placement, undefined, undefined, pool);
    expect([...pool.keys()].sort()).toEqual(texts);
    expect(again.findings.map((f) => f.message)).toEqual(first.findings.map((f) => f.message));
    expect(first.findings).toEqual(reskinFindings(fromA, rulesById, b, placement).findings);
  });

  it("re-renders a naming message of a finding that cites no file, and still cites none", () => {
    const unlocated = fromA.map((f) => ({ ...f, locations: [] }));
    const { findings, changed } = reskinFindings(unlocated, rulesById, b, placement);
    expect(changed).toBe(true);
    expect(byRule(findings, "termination/named")).toMatchObject({ message: "api-b runs 1 replica", locations: [] });
  });

  it("cites the other workload's own files, also for a finding whose message names nothing", () => {
    const { findings } = reskinFindings(fromA, rulesById, b, placement);
    expect(byRule(findings, "termination/named")?.locations).toEqual([{ file: "api-b.yaml", line: 7, column: 3 }]);
    expect(byRule(findings, "termination/files")?.locations).toEqual([{ file: "api-b.conf", line: 4, column: 1 }]);
    expect(byRule(findings, "termination/plain")?.message).toBe("one replica for nova");
    expect(byRule(findings, "termination/plain")?.locations).toEqual([{ file: "api-b.yaml", line: 7, column: 3 }]);
  });

  it("gives back the very same findings that cite nothing and name nothing, whatever the rule's message", () => {
    const { findings } = reskinFindings(fromA, rulesById, b, placement);
    // termination/holds passes: its message names the workload but a pass shows its own text and cites no file.
    expect(byRule(findings, "termination/holds")).toBe(byRule(fromA, "termination/holds"));
    const unlocated = fromA.map((f) => ({ ...f, locations: [] }));
    const plain = reskinFindings(unlocated, rulesById, b, placement);
    expect(byRule(plain.findings, "termination/plain")).toBe(byRule(unlocated, "termination/plain"));
  });

  it("says nothing changed for the same workload, or a finding whose rule is not known", () => {
    const same = reskinFindings(fromA, rulesById, a, placement);
    expect(same.changed).toBe(false);
    expect(same.findings).toEqual(fromA);
    const unknownRule = reskinFindings(fromA, new Map(), b, placement);
    expect(unknownRule.changed).toBe(false);
    expect(unknownRule.findings.every((f, i) => f === fromA[i])).toBe(true);
  });

  it("renders a mitigated finding's message too, and keeps its status and mitigation", () => {
    const mitigated = fromA.map((f) => (f.rule === "termination/named" ? { ...f, status: "mitigated" as const, mitigation: "more" } : f));
    const { findings, changed } = reskinFindings(mitigated, rulesById, b, placement);
    expect(changed).toBe(true);
    expect(byRule(findings, "termination/named")).toMatchObject({
      status: "mitigated",
      mitigation: "more",
      message: "api-b runs 1 replica",
    });
  });

  it("leaves an unknown finding's message as it was, since that message names no workload fact", () => {
    const unknown = fromA.map((f) => (f.rule === "termination/named" ? { ...f, status: "unknown" as const, message: "kept" } : f));
    const { findings } = reskinFindings(unknown, rulesById, b, placement);
    expect(byRule(findings, "termination/named")?.message).toBe("kept");
    expect(byRule(findings, "termination/named")?.locations).toEqual([{ file: "api-b.yaml", line: 7, column: 3 }]);
  });

  it("looks only where a finding can change: the ones that cite files, and failing ones that name workload facts", () => {
    const rules = (positions: readonly number[]) => positions.map((i) => fromA[i]?.rule);
    // termination/holds passes, and cites no file.
    expect(rules(reskinnable(fromA, rulesById))).toEqual(fromA.map((f) => f.rule).filter((rule) => rule !== "termination/holds"));
    const unlocated = fromA.map((f) => ({ ...f, locations: [] }));
    // Without files to cite, the failing ones whose message shows a fact besides the service's name are left.
    expect(rules(reskinnable(unlocated, rulesById)).sort()).toEqual([
      "termination/files",
      "termination/named",
      "termination/oslo-whole",
      "termination/plain",
      "termination/whole",
    ]);
    const passing = unlocated.map((f) => ({ ...f, status: "pass" as const }));
    expect(reskinnable(passing, rulesById)).toEqual([]);
    expect(reskinnable(fromA, new Map())).toEqual([]);
  });

  it("gives back the class's own finding wherever it is not asked to look, and a copy only where it is", () => {
    const named = fromA.findIndex((f) => f.rule === "termination/named");
    const files = fromA.findIndex((f) => f.rule === "termination/files");
    const { findings, changed } = reskinFindings(fromA, rulesById, b, placement, undefined, [named]);
    expect(changed).toBe(true);
    expect(findings[named]?.message).toBe("api-b runs 1 replica");
    expect(findings[files]).toBe(fromA[files]);
    expect(findings).not.toBe(fromA);
    expect(findings).toHaveLength(fromA.length);
  });
});
