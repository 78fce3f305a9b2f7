// The chart: cumulative units oversold over the sale, one step line per run, as a self-contained SVG written here
// (no charting dependency).

export type ChartSeries = { name: string; color: string; points: [number, number][] };

const WIDTH = 760;
const HEIGHT = 420;
const MARGIN = { left: 64, right: 24, top: 48, bottom: 52 };
const COLORS = ["#1f77b4", "#d62728", "#7f7f7f", "#2ca02c", "#9467bd"];

export const seriesColor = (index: number) => COLORS[index % COLORS.length]!;

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A round step for axis ticks: 1, 2 or 5 times a power of ten, about `count` of them over `max`. */
function tickStep(max: number, count: number): number {
  const raw = Math.max(max, 1) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= raw)!;
}

export function renderChart(title: string, durationMs: number, series: ChartSeries[]): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const maxUnits = Math.max(1, ...series.flatMap((line) => line.points.map(([, units]) => units)));
  const yStep = tickStep(maxUnits, 6);
  const yMax = Math.ceil(maxUnits / yStep) * yStep;
  const seconds = durationMs / 1000;
  const xStep = tickStep(seconds, 6);
  const x = (ms: number) => MARGIN.left + (Math.min(ms, durationMs) / durationMs) * plotWidth;
  const y = (units: number) => MARGIN.top + plotHeight - (units / yMax) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15">${escape(title)}</text>`,
  ];
  for (let units = 0; units <= yMax; units += yStep) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(units)}" y2="${y(units)}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(units) + 4}" text-anchor="end">${units}</text>`,
    );
  }
  for (let second = 0; second <= seconds; second += xStep) {
    const at = x(second * 1000);
    parts.push(
      `<line x1="${at}" x2="${at}" y1="${MARGIN.top + plotHeight}" y2="${MARGIN.top + plotHeight + 5}" stroke="#333"/>`,
      `<text x="${at}" y="${MARGIN.top + plotHeight + 20}" text-anchor="middle">${second}</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + plotHeight}" y2="${MARGIN.top + plotHeight}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle">seconds into the sale</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">units oversold (cumulative)</text>`,
  );
  series.forEach((line, index) => {
    // A step line: the total holds until the next oversold order, and to the end of the sale.
    let path = `M${x(0)},${y(0)}`;
    for (const [ms, units] of line.points) path += ` H${x(ms).toFixed(1)} V${y(units).toFixed(1)}`;
    path += ` H${x(durationMs)}`;
    parts.push(`<path d="${path}" fill="none" stroke="${line.color}" stroke-width="2"/>`);
    // Bottom right: where the curves that climb are highest by then, and the event-driven one stays low beneath it.
    const legendX = WIDTH - MARGIN.right - 180;
    const legendY = MARGIN.top + plotHeight - 22 - (series.length - 1 - index) * 18;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 24}" y1="${legendY}" y2="${legendY}" stroke="${line.color}" stroke-width="3"/>`,
      `<text x="${legendX + 30}" y="${legendY + 4}">${escape(line.name)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
