import { expect } from "vitest";
import { type CelMap, toCelValue } from "../../src/engine/cel.js";
import type { PlacementSubject, ServiceSubject } from "../../src/engine/subject.js";
import { loadDocuments } from "../../src/load/documents.js";

/** A rule compiled from its conditions, with the title `Sample` and the given id and message. */
export function rule(when: string, fails: string, id = "termination/sample", message = "{{service.name}} fails under {{placement.title}}") {
  const text = [
    "apiVersion: blendcheck/v1",
    "kind: Rule",
    `id: ${id}`,
    "title: Sample",
    "dimension: termination",
    "severity: high",
    "trigger: sigkill",
    `when: ${JSON.stringify(when)}`,
    `fails: ${JSON.stringify(fails)}`,
    `message: ${JSON.stringify(message)}`,
    "rationale: It matters.",
    "remediation: Do it.",
    "effort: 2",
    "references: [{title: t, url: 'https://kubernetes.io/'}]",
    "",
  ].join("\n");
  const loaded = loadDocuments([{ file: `rules/${id}.yaml`, text }]);
  expect(loaded.problems).toEqual([]);
  return loaded.rules[0] as NonNullable<(typeof loaded.rules)[0]>;
}

export const service = (facts: Record<string, unknown>, over: Partial<ServiceSubject> = {}): ServiceSubject =>
  ({
    name: "svc",
    facts,
    cel: toCelValue(facts) as CelMap,
    profile: { file: "", text: "", docIndex: 0 },
    ...over,
  }) as unknown as ServiceSubject;
export const placement = (facts: Record<string, unknown> = {}): PlacementSubject =>
  ({ name: "p", title: "P", facts, cel: toCelValue(facts) as CelMap, detected: false }) as unknown as PlacementSubject;
