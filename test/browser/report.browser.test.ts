import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderJson } from "../../src/report/json.js";
import { ROOT, runCli, tempDir } from "../helpers/cli.js";
import { buildHostileAssessment, HOSTILE_IMG, HOSTILE_NAME, HOSTILE_SCRIPT } from "./hostile-assessment.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
// On CI a missing browser is a failure, never a skip.
const runBrowser = hasChromium || Boolean(process.env.CI);
if (!runBrowser) console.warn(`skipping the HTML report browser test: ${CHROMIUM} is absent (apt-get install chromium)`);

describe.runIf(runBrowser)("HTML report in a real browser", () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];
  let fileUrl: string;
  let serviceCount: number;

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} is required on CI for the HTML report browser test; install the chromium package`);
    const assessment = buildHostileAssessment();
    serviceCount = assessment.services.length;
    const dir = tempDir("blendcheck-browser-");
    writeFileSync(join(dir, "hostile.json"), renderJson(assessment));
    const result = runCli(["report", join(dir, "hostile.json"), "--format", "html", "--out", dir, "--name", "hostile"]);
    expect(result.code, result.stderr).toBe(0);
    fileUrl = pathToFileURL(join(dir, "hostile.html")).href;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on("request", (request) => requests.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto(fileUrl, { waitUntil: "load" });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const visibleNames = () =>
    page.$$eval("#services-table tbody tr", (rows) =>
      rows.filter((r) => !r.hasAttribute("hidden")).map((r) => r.getAttribute("data-name") ?? ""),
    );

  it("shows the charts with accessible titles and the tables with header scopes", async () => {
    const charts = await page.$$eval("svg[role=img]", (svgs) => svgs.map((s) => s.querySelector("title")?.textContent ?? ""));
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const title of charts) expect(title).not.toBe("");
    expect(await page.locator("#chart-heatmap-title").count()).toBe(1);
    expect(await page.locator("svg[role=img] rect title").count()).toBeGreaterThan(serviceCount * 3);
    expect(await page.locator("#services-table tbody tr").count()).toBe(serviceCount);
    expect(await page.locator("th[scope=col]").count()).toBeGreaterThan(10);
    expect(await page.locator("h2").allTextContents()).toEqual(expect.arrayContaining(["Summary", "Method", "Waivers register"]));
  });

  it("runs its inline script under the CSP: the filter controls appear", async () => {
    expect(await page.locator("#services-controls").isVisible()).toBe(true);
    expect(await page.locator("#filter-status").textContent()).toBe(`${serviceCount} of ${serviceCount} services shown`);
  });

  it("sorts the services table by name and by score", async () => {
    await page.click('#services-table button[data-key="name"]');
    const ascending = await visibleNames();
    expect(ascending).toEqual([...ascending].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    await page.click('#services-table button[data-key="name"]');
    expect(await visibleNames()).toEqual([...ascending].reverse());
    await page.click('#services-table button[data-key="overall"]');
    const scores = await page.$$eval("#services-table tbody tr", (rows) => rows.map((r) => Number(r.getAttribute("data-overall"))));
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(await page.getAttribute('#services-table th:has(button[data-key="overall"])', "aria-sort")).toBe("ascending");
  });

  it("filters the services table by name, placement and severity", async () => {
    await page.fill("#filter-name", "nova");
    const novas = await visibleNames();
    expect(novas.length).toBeGreaterThan(0);
    expect(novas.length).toBeLessThan(serviceCount);
    for (const name of novas) expect(name).toContain("nova");
    await page.fill("#filter-name", "");
    expect((await visibleNames()).length).toBe(serviceCount);

    const placements = await page.$$eval("#services-table tbody tr", (rows) => rows.map((r) => r.getAttribute("data-placement") ?? ""));
    const chosen = placements[0] as string;
    await page.selectOption("#filter-placement", chosen);
    const shown = await page.$$eval("#services-table tbody tr", (rows) =>
      rows.filter((r) => !r.hasAttribute("hidden")).map((r) => r.getAttribute("data-placement")),
    );
    expect(shown.length).toBe(placements.filter((p) => p === chosen).length);
    for (const p of shown) expect(p).toBe(chosen);
    await page.selectOption("#filter-placement", "");

    await page.selectOption("#filter-severity", "1");
    const severe = await page.$$eval("#services-table tbody tr", (rows) =>
      rows.filter((r) => !r.hasAttribute("hidden")).map((r) => Number(r.getAttribute("data-severity"))),
    );
    for (const rank of severe) expect(rank).toBeLessThanOrEqual(1);
    await page.selectOption("#filter-severity", "");
    expect((await visibleNames()).length).toBe(serviceCount);
  });

  it("renders hostile strings as text: no dialog, no injected element", async () => {
    expect(dialogs).toEqual([]);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(1);
    const text = (await page.textContent("body")) ?? "";
    expect(text).toContain(HOSTILE_NAME);
    expect(text).toContain(HOSTILE_IMG);
    expect(text).toContain(`waived ${HOSTILE_SCRIPT}`);
    expect(await visibleNames()).toContain(HOSTILE_NAME);
  });

  it("makes no network request beyond the file itself and logs no console error", async () => {
    expect(requests).toEqual([fileUrl]);
    expect(consoleErrors).toEqual([]);
  });

  it("shows every service detail when printed, without opening it", async () => {
    const firstDetailTable = page.locator("details.service table").first();
    expect(await firstDetailTable.isVisible()).toBe(false);
    await page.emulateMedia({ media: "print" });
    expect(await firstDetailTable.isVisible()).toBe(true);
    expect(await page.locator("#services-controls").isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });
  });

  it("saves a screenshot for a human to look at", async () => {
    await page.evaluate("window.scrollTo(0, 0)");
    const out = join(ROOT, "test-output");
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: join(out, "report.png") });
    await page.screenshot({ path: join(out, "report-full.png"), fullPage: true });
    expect(existsSync(join(out, "report.png"))).toBe(true);
  });
});
