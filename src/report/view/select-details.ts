import { compareText } from "../../load/problem.js";
import type { ReportView, ServiceView } from "./report-view.js";

/** The services that keep their details under a limit, the most interesting first kept, and the rest by name. */
export function selectDetails(services: readonly ServiceView[], detailLimit = services.length): Pick<ReportView, "details" | "omitted"> {
  const keep = new Set(
    byInterest(services)
      .slice(0, Math.max(0, detailLimit))
      .map((s) => s.name),
  );
  return { details: services.filter((s) => keep.has(s.name)), omitted: services.filter((s) => !keep.has(s.name)).map((s) => s.name) };
}

/** The services in the order their details are kept: the most interesting first, then by name. */
export function byInterest(services: readonly ServiceView[]): ServiceView[] {
  return [...services].sort((a, b) => b.interest - a.interest || compareText(a.name, b.name));
}
