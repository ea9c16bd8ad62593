import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { render, renderHtml, renderMarkdown } from "../src/report/render.js";
import { buildReportView } from "../src/report/view-model.js";
import { profileYaml, standardInputs, TEST_SCORING } from "./helpers/scoring-fixtures.js";

const TOOL = { name: "blendcheck", version: "0.0.0-test" };
const assessment = assess(
  standardInputs([
    profileYaml("slow-worker", {
      process: { sigterm: "graceful", shutdownSeconds: 120 },
      network: { hostNetwork: false, peers: [] },
      logging: { default: "stdout" },
    }),
    profileYaml("ip-peers", {
      process: { sigterm: "immediate" },
      network: { hostNetwork: false, peers: [{ name: "cluster", addressing: "ip-literal" }] },
      logging: { default: "stdout" },
    }),
  ]),
  { scoring: TEST_SCORING, tool: TOOL, generatedAt: null },
);

describe("report: survival answers, remediation kinds, upstream ranking, method", () => {
  const view = buildReportView(assessment);
  const slow = view.services.find((s) => s.name === "slow-worker");

  it("answers both questions per service, naming the mitigations and their kind", () => {
    expect(slow?.survival.map((s) => [s.question, s.answerTitle, s.placement])).toEqual([
      ["Survives IP movement?", "Yes", "sched"],
      ["Survives being killed mid-operation?", "With mitigations", "sched"],
    ]);
    expect(slow?.survival[1]?.mitigations).toEqual([{ id: "raise-grace", title: "Title of raise-grace", kind: "deployment change" }]);
    expect(slow?.plan).toEqual([
      {
        mitigation: "raise-grace",
        title: "Title of raise-grace",
        kind: "deployment change",
        effort: 1,
        cost: "Nothing much to run.",
        lifts: "termination/grace-covers-shutdown, termination/grace-drains-rpc",
      },
    ]);
  });

  it("ranks upstream changes by the services they unlock", () => {
    expect(view.upstream).toEqual([
      { mitigation: "peers-by-dns", title: "Title of peers-by-dns", effort: 8, count: 1, services: "ip-peers (sched)" },
    ]);
  });

  it("prints them in Markdown and HTML, with the scoring v2 method", () => {
    const md = renderMarkdown(assessment);
    expect(md).toContain(
      "**Survives being killed mid-operation?** With mitigations (under sched): Title of raise-grace (deployment change)",
    );
    expect(md).toContain("## Upstream refactoring");
    expect(md).toContain("| Title of peers-by-dns (`peers-by-dns`) | 8 | 1 | ip-peers (sched) |");
    expect(md).toContain("Scoring version 2.");
    expect(md).toContain("rules that share a mechanism count once");
    const html = renderHtml(assessment);
    expect(html).toContain('<h2 id="upstream">Upstream refactoring</h2>');
    expect(html).toContain("<dt>Survives IP movement?</dt>");
  });

  it("keeps mitigated findings in SARIF, JUnit and GitHub annotations: the files still fail until the plan is applied", () => {
    const sarif = JSON.parse(render("sarif", assessment)) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    const ids = sarif.runs[0]?.results.filter((r) => r.message.text.startsWith("slow-worker @ sched")).map((r) => r.ruleId);
    expect(ids).toEqual(["termination/grace-covers-shutdown", "termination/grace-drains-rpc"]);
    expect(render("junit", assessment)).toContain(
      '<testcase name="termination/grace-covers-shutdown @ sched" classname="blendcheck.slow-worker">\n      <failure',
    );
    expect(render("github", assessment)).toContain("termination/grace-covers-shutdown");
  });
});
