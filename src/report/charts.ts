import type { FitLevel } from "../model/assessment.js";

/** One filled rectangle of a chart, with the tooltip a reader sees on hover. */
export interface ChartRect {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  /** The id of the pattern that paints it in place of its fill: the chart's hatch, for a score that does not exist. */
  pattern?: string;
  tooltip: string;
  /** A CSS class that marks special cells (`na` for a score that does not exist). */
  kind: string;
}

/** One text label of a chart. */
export interface ChartLabel {
  x: number;
  y: number;
  text: string;
  anchor: "start" | "middle" | "end";
  fill: string;
  size: number;
}

/** An SVG chart as geometry: the template places every rectangle and label as it comes. */
export interface Chart {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
  rects: ChartRect[];
  labels: ChartLabel[];
}

/** Colours and thresholds of the score scale, shared by the heatmap, the bars and the legend. */
export const SCORE_BANDS = [
  { min: 90, fill: "#1a7f37", ink: "#ffffff", label: "90–100" },
  { min: 75, fill: "#7cc47f", ink: "#0b2e13", label: "75–89" },
  { min: 50, fill: "#f2c94c", ink: "#3b2b00", label: "50–74" },
  { min: 0, fill: "#cf222e", ink: "#ffffff", label: "0–49" },
] as const;

/** The heatmap's id; its hatch pattern's id is this with `-hatch`. */
const HEATMAP_ID = "chart-heatmap";

/** The fill of a score that does not exist (no applicable rule); paired with a hatch in the template. */
export const NO_SCORE_FILL = "#eef1f4";

/** Colours of the fit levels, used by the fit chart and its legend. */
export const FIT_FILLS: Record<FitLevel, string> = {
  ready: "#1a7f37",
  "ready-with-mitigations": "#7cc47f",
  "needs-work": "#f2c94c",
  "not-fit": "#cf222e",
  unknown: "#8c959f",
};

const INK = "#1f2328";
const MUTED = "#57606a";

/** The band a score falls in: its fill and the ink that stays readable on it. */
export function pickScoreBand(score: number): { fill: string; ink: string } {
  return SCORE_BANDS.find((band) => score >= band.min) ?? SCORE_BANDS[3];
}

/** One heatmap row: a service and its scores, grouped by placement then dimension. */
export interface HeatmapRow {
  service: string;
  scores: (number | null)[][];
}

/**
 * Computes a heatmap of services (rows) × placements × dimensions (column groups); each cell
 * carries its score as text too, so the chart never relies on colour alone.
 */
export function computeHeatmap(
  rows: readonly HeatmapRow[],
  placements: readonly string[],
  dimensions: readonly { short: string; title: string }[],
): Chart {
  const cell = 26;
  const gap = 8;
  const labelWidth = Math.max(120, Math.min(260, 8 + 7.2 * Math.max(0, ...rows.map((r) => r.service.length))));
  const top = 56;
  const groupWidth = dimensions.length * cell + gap;
  const rects: ChartRect[] = [];
  const labels: ChartLabel[] = [];
  placements.forEach((placement, p) => {
    const x0 = labelWidth + p * groupWidth;
    labels.push({ x: x0 + (dimensions.length * cell) / 2, y: 18, text: placement, anchor: "middle", fill: INK, size: 12 });
    dimensions.forEach((dimension, d) => {
      labels.push({ x: x0 + d * cell + cell / 2, y: top - 8, text: dimension.short, anchor: "middle", fill: MUTED, size: 10 });
    });
  });
  rows.forEach((row, r) => {
    const y = top + r * cell;
    labels.push({ x: labelWidth - 8, y: y + cell / 2 + 4, text: row.service, anchor: "end", fill: INK, size: 12 });
    placements.forEach((placement, p) => {
      dimensions.forEach((dimension, d) => {
        const score = row.scores[p]?.[d] ?? null;
        const x = labelWidth + p * groupWidth + d * cell;
        const band = score === null ? { fill: NO_SCORE_FILL, ink: MUTED } : pickScoreBand(score);
        rects.push({
          x: x + 1,
          y: y + 1,
          width: cell - 2,
          height: cell - 2,
          fill: band.fill,
          ...(score === null ? { pattern: `${HEATMAP_ID}-hatch` } : {}),
          kind: score === null ? "na" : "score",
          tooltip: `${row.service} under ${placement}, ${dimension.title}: ${score === null ? "n/a (no applicable rule)" : score}`,
        });
        labels.push({
          x: x + cell / 2,
          y: y + cell / 2 + 3.5,
          text: score === null ? "–" : String(score),
          anchor: "middle",
          fill: band.ink,
          size: 9.5,
        });
      });
    });
  });
  return {
    id: HEATMAP_ID,
    title: "Scores by service, placement and dimension",
    description: `Heatmap of ${rows.length} services under ${placements.length} placements; each cell is one dimension score from 0 to 100, a dash where no rule applies.`,
    width: Math.ceil(labelWidth + placements.length * groupWidth),
    height: top + rows.length * cell + 4,
    rects,
    labels,
  };
}

/** One pair of bars: a service's overall score under the baseline and under the target. */
export interface ScorePair {
  service: string;
  baseline: number | null;
  target: number | null;
}

/** Computes horizontal bar pairs comparing the baseline (POCI) and the target placement per service. */
export function computeScoreBars(pairs: readonly ScorePair[], baseline: string, target: string): Chart {
  const labelWidth = Math.max(120, Math.min(260, 8 + 7.2 * Math.max(0, ...pairs.map((p) => p.service.length))));
  const barHeight = 10;
  const rowHeight = 2 * barHeight + 10;
  const plotWidth = 400;
  const top = 30;
  const rects: ChartRect[] = [];
  const labels: ChartLabel[] = [
    { x: labelWidth, y: 14, text: baseline, anchor: "start", fill: INK, size: 11 },
    { x: labelWidth + 140, y: 14, text: target, anchor: "start", fill: INK, size: 11 },
  ];
  rects.push({ x: labelWidth - 14, y: 5, width: 10, height: 10, fill: "#8c959f", tooltip: baseline, kind: "legend" });
  rects.push({ x: labelWidth + 126, y: 5, width: 10, height: 10, fill: "#0969da", tooltip: target, kind: "legend" });
  for (const tick of [0, 50, 75, 90, 100]) {
    const x = labelWidth + (plotWidth * tick) / 100;
    rects.push({ x, y: top - 4, width: 0.75, height: pairs.length * rowHeight + 4, fill: "#d0d7de", tooltip: `${tick}`, kind: "grid" });
    labels.push({ x, y: top + pairs.length * rowHeight + 12, text: String(tick), anchor: "middle", fill: MUTED, size: 9.5 });
  }
  pairs.forEach((pair, i) => {
    const y = top + i * rowHeight;
    labels.push({ x: labelWidth - 8, y: y + barHeight + 4, text: pair.service, anchor: "end", fill: INK, size: 12 });
    const bars: [string, number | null, string, number][] = [
      [baseline, pair.baseline, "#8c959f", y],
      [target, pair.target, "#0969da", y + barHeight + 1],
    ];
    for (const [placement, score, fill, barY] of bars) {
      const width = score === null ? 0 : (plotWidth * score) / 100;
      if (score !== null) {
        rects.push({
          x: labelWidth,
          y: barY,
          width,
          height: barHeight,
          fill,
          tooltip: `${pair.service} under ${placement}: overall ${score}`,
          kind: "bar",
        });
      }
      labels.push({
        x: labelWidth + width + 4,
        y: barY + barHeight - 1,
        text: score === null ? "n/a" : String(score),
        anchor: "start",
        fill: MUTED,
        size: 9.5,
      });
    }
  });
  return {
    id: "chart-bars",
    title: `Overall score under ${baseline} and ${target}`,
    description: `Two bars per service: the overall score (0 to 100) under ${baseline} and under ${target}; n/a where no rule applies.`,
    width: Math.ceil(labelWidth + plotWidth + 40),
    height: top + pairs.length * rowHeight + 18,
    rects,
    labels,
  };
}

/** One stacked bar: a placement and how many services reach each fit level under it. */
export interface FitCounts {
  placement: string;
  counts: { fit: FitLevel; title: string; count: number }[];
}

/** Computes one stacked horizontal bar per placement, a segment per fit level, sized by count. */
export function computeFitBars(rows: readonly FitCounts[]): Chart {
  const labelWidth = 130;
  const plotWidth = 460;
  const barHeight = 20;
  const rowHeight = 28;
  const rects: ChartRect[] = [];
  const labels: ChartLabel[] = [];
  rows.forEach((row, i) => {
    const y = i * rowHeight + 4;
    const total = row.counts.reduce((sum, c) => sum + c.count, 0);
    labels.push({ x: labelWidth - 8, y: y + 14, text: row.placement, anchor: "end", fill: INK, size: 12 });
    let x = labelWidth;
    for (const c of row.counts) {
      if (c.count === 0) continue;
      const width = total === 0 ? 0 : (plotWidth * c.count) / total;
      rects.push({
        x,
        y,
        width,
        height: barHeight,
        fill: FIT_FILLS[c.fit],
        tooltip: `${row.placement}: ${c.count} ${c.title.toLowerCase()}`,
        kind: "segment",
      });
      if (width >= 18) {
        const ink = c.fit === "ready-with-mitigations" || c.fit === "needs-work" ? INK : "#ffffff";
        labels.push({ x: x + width / 2, y: y + 14, text: String(c.count), anchor: "middle", fill: ink, size: 11 });
      }
      x += width;
    }
    if (total === 0) labels.push({ x: labelWidth, y: y + 14, text: "no services", anchor: "start", fill: MUTED, size: 11 });
  });
  return {
    id: "chart-fit",
    title: "Services by fit level under each placement",
    description: "One stacked bar per placement; each segment is the number of services at one fit level.",
    width: labelWidth + plotWidth + 10,
    height: rows.length * rowHeight + 8,
    rects,
    labels,
  };
}
