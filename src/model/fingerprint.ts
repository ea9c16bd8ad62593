import { createHash } from "node:crypto";
import type { Finding } from "./assessment.js";
import { subjectKeyOf } from "./subject-key.js";

/**
 * The identity of a finding by meaning: service (and workload, by kind, namespace and name), rule and placement. A rule is evaluated once per
 * (service, placement) and reads the same fact keys each time, so this triple names the fact a
 * finding is about without depending on the file or line the fact came from.
 */
export function findingKey(finding: Pick<Finding, "service" | "rule" | "placement" | "workload">): string {
  return `${subjectKeyOf(finding.service, finding.workload)}/${finding.rule}@${finding.placement}`;
}

/** A stable hash of the finding key, for SARIF `partialFingerprints` and baselines. */
export function fingerprintOf(finding: Pick<Finding, "service" | "rule" | "placement" | "workload">): string {
  return createHash("sha256").update(findingKey(finding)).digest("hex").slice(0, 32);
}
