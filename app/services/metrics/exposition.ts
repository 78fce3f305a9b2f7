// The Prometheus text exposition format, version 0.0.4: https://prometheus.io/docs/instrumenting/exposition_formats/
// Written by hand (a dozen metrics do not need prom-client): HELP and TYPE before each metric's samples, label values
// escaped, one sample per line.

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type MetricType = "counter" | "gauge";
export type Labels = Record<string, string>;
export type Sample = { labels?: Labels; value: number };
export type Metric = { name: string; help: string; type: MetricType; samples: Sample[] };

export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label values: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** HELP text: backslash and line feed are escaped (a double quote is not). */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function formatLabels(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return "";
  for (const [name] of entries) {
    if (!LABEL_NAME.test(name) || name.startsWith("__")) throw new Error(`Invalid label name: ${name}`);
  }
  return `{${entries.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(",")}}`;
}

export function renderExposition(metrics: Metric[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const metric of metrics) {
    if (!METRIC_NAME.test(metric.name)) throw new Error(`Invalid metric name: ${metric.name}`);
    // Each metric may appear once: a second HELP/TYPE block for the same name is a parse error for Prometheus.
    if (seen.has(metric.name)) throw new Error(`Metric rendered twice: ${metric.name}`);
    seen.add(metric.name);
    lines.push(`# HELP ${metric.name} ${escapeHelp(metric.help)}`);
    lines.push(`# TYPE ${metric.name} ${metric.type}`);
    for (const sample of metric.samples) {
      lines.push(`${metric.name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  // The format requires the last line to end with a line feed.
  return lines.join("\n") + "\n";
}
