import { isObject } from "../read-path.js";

/**
 * True when a label selector (`matchLabels` and `matchExpressions`) selects the labels. An empty
 * selector (`{}`) selects everything and an absent one nothing, as the API server reads them for
 * PodDisruptionBudgets in policy/v1 and for affinity terms
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors).
 */
export function selectsLabels(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isObject(selector)) return false;
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObject) : [];
  if (!matchesLabelMap(matchLabels, labels)) return false;
  return expressions.every((e) => {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const value = labels[key];
    if (e.operator === "In") return value !== undefined && values.includes(value);
    if (e.operator === "NotIn") return value === undefined || !values.includes(value);
    if (e.operator === "Exists") return value !== undefined;
    if (e.operator === "DoesNotExist") return value === undefined;
    return false;
  });
}

/** True when every key of a plain label map (a Service or DeploymentConfig selector) equals the pod's label. */
export function matchesLabelMap(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isObject(selector)) return false;
  return Object.entries(selector).every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === String(v));
}
