import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
// On CI a missing browser is a failure, never a skip.
const runBrowser = hasChromium || Boolean(process.env.CI);
if (!runBrowser) console.warn(`skipping the HTML layout browser test: ${CHROMIUM} is absent (apt-get install chromium)`);

/** Pages in a PDF: the largest `/Count` is the root of the page tree. */
function countPdfPages(pdf: Buffer): number {
  return Math.max(0, ...[...pdf.toString("latin1").matchAll(/\/Count (\d+)/g)].map((m) => Number(m[1])));
}

describe.runIf(runBrowser)("HTML report of the built-in catalog: layout and print", () => {
  let browser: Browser;
  let fileUrl: string;

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} is required on CI for the HTML layout test; install the chromium package`);
    const dir = tempDir("blendcheck-layout-");
    const result = runCli(["assess", "--format", "html", "--out", dir]);
    expect(result.code, result.stderr).toBe(0);
    fileUrl = pathToFileURL(join(dir, "openstack.html")).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
  });

  afterAll(async () => {
    await browser?.close();
  });

  interface Layout {
    pageWidth: number;
    viewport: number;
    boxRight: number;
    boxScrolls: boolean;
    boxOverflows: boolean;
    overallRight: number;
    severityRight: number;
    charts: { width: number; room: number; viewBox: string; attribute: string | null }[];
  }

  async function measure(width: number) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(fileUrl, { waitUntil: "load" });
    // A string runs in the page, where the DOM exists; this project compiles without DOM types.
    const layout = (await page.evaluate(`(() => {
      const table = document.querySelector("#services-table");
      const box = table.parentElement;
      const heads = [...table.querySelectorAll("thead th")];
      const right = (text) => heads.find((th) => th.textContent?.trim() === text)?.getBoundingClientRect().right ?? Number.NaN;
      return {
        pageWidth: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        boxRight: box.getBoundingClientRect().right,
        boxScrolls: getComputedStyle(box).overflowX === "auto",
        boxOverflows: box.scrollWidth > box.clientWidth,
        overallRight: Math.max(...heads.filter((th) => th.textContent?.trim() === "Overall").map((th) => th.getBoundingClientRect().right)),
        severityRight: right("Worst severity"),
        charts: [...document.querySelectorAll(".chart svg")].map((svg) => ({
          width: svg.getBoundingClientRect().width,
          room: svg.parentElement.clientWidth,
          viewBox: svg.getAttribute("viewBox") ?? "",
          attribute: svg.getAttribute("width"),
        })),
      };
    })()`)) as Layout;
    return { page, layout };
  }

  it("at 1,400 pixels shows the whole services table, Overall and Worst severity included, and no page-wide scroll", async () => {
    const { page, layout } = await measure(1400);
    expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewport);
    expect(layout.overallRight).toBeLessThanOrEqual(layout.boxRight + 0.5);
    expect(layout.severityRight).toBeLessThanOrEqual(layout.boxRight + 0.5);
    await page.close();
  });

  it("at 800 pixels scrolls the table inside its container, never the page", async () => {
    const { page, layout } = await measure(800);
    expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewport);
    expect(layout.boxRight).toBeLessThanOrEqual(layout.viewport);
    expect(layout.boxScrolls).toBe(true);
    expect(layout.boxOverflows).toBe(true);
    await page.close();
  });

  it("scales the charts with the page: width 100% of their room over a viewBox", async () => {
    for (const width of [1400, 800, 480]) {
      const { page, layout } = await measure(width);
      expect(layout.charts.length).toBeGreaterThanOrEqual(3);
      for (const chart of layout.charts) {
        expect(chart.attribute).toBe("100%");
        expect(chart.viewBox).toMatch(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
        expect(chart.width).toBeLessThanOrEqual(chart.room + 0.5);
      }
      if (width === 480) {
        const natural = layout.charts.map((c) => Number(c.viewBox.split(" ")[2]));
        expect(layout.charts.some((c, i) => c.width < (natural[i] ?? 0) - 1)).toBe(true);
      }
      await page.close();
    }
  });

  it("prints the summary, the waves and one compact block per service in under 40 pages", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(fileUrl, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("#summary").isVisible()).toBe(true);
    expect(await page.getByRole("heading", { name: "Migration waves" }).isVisible()).toBe(true);
    expect(await page.locator("#charts-section").isVisible()).toBe(false);
    const blocks = page.locator("details.service");
    const services = await blocks.count();
    expect(services).toBeGreaterThan(40);
    expect(await blocks.first().locator("table", { hasText: "Scores of" }).isVisible()).toBe(true);
    expect(await blocks.first().locator("details.finding").first().isVisible()).toBe(false);
    const pages = countPdfPages(await page.pdf({ format: "A4" }));
    expect(pages).toBeGreaterThan(1);
    expect(pages).toBeLessThan(40);
    await page.close();
  });
});
