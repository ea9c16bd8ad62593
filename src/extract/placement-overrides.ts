import type { DeploymentFacts } from "../model/facts.js";

/**
 * The placement facts a detected workload states, set both ways: a pod on the pod network gets a
 * new IP (and a DaemonSet pod a new name) on every restart, and a pod on the host network keeps the
 * node's IP and name only while it stays on that node, that is when it is a DaemonSet or pinned
 * (https://kubernetes.io/docs/concepts/workloads/pods/#pod-networking). A fact the workload does
 * not state (a partial object) leaves the placement's default.
 */
export function placementOverridesFrom(deployment: DeploymentFacts): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  if (deployment.graceSeconds !== undefined) facts.graceSeconds = deployment.graceSeconds;
  if (deployment.source !== "kubernetes") {
    // Container files run on one host; only a fact they state moves a default.
    if (deployment.hostNetwork) {
      facts.hostNetwork = true;
      facts.ipStable = true;
    }
    if (deployment.hostname !== undefined) facts.hostnameStable = true;
    return facts;
  }
  const staysOnNode = deployment.kind === "DaemonSet" || deployment.nodePinned === true;
  const movesBetweenNodes = deployment.kind !== "DaemonSet" && deployment.nodePinned === false;
  if (deployment.hostNetwork !== undefined) {
    facts.hostNetwork = deployment.hostNetwork;
    if (!deployment.hostNetwork) facts.ipStable = false;
    else if (staysOnNode) facts.ipStable = true;
    else if (movesBetweenNodes) facts.ipStable = false;
  }
  if (deployment.kind === "StatefulSet" || deployment.hostname !== undefined) facts.hostnameStable = true;
  else if (deployment.hostNetwork === true && staysOnNode) facts.hostnameStable = true;
  else if (deployment.hostNetwork === false || (deployment.hostNetwork === true && movesBetweenNodes)) facts.hostnameStable = false;
  return facts;
}
