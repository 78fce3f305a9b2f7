import { describe, expect, it } from "vitest";
import { escapeLabelValue, renderExposition } from "./exposition";
import { parseExposition } from "./exposition-test-support";

describe("Prometheus text exposition", () => {
  it("writes HELP and TYPE before the samples, labels quoted, a line feed at the end", () => {
    const text = renderExposition([
      {
        name: "demo_jobs",
        help: "Jobs by state.",
        type: "gauge",
        samples: [
          { labels: { state: "waiting" }, value: 3 },
          { labels: { state: "active" }, value: 0 },
        ],
      },
      { name: "demo_total", help: "A counter.", type: "counter", samples: [{ value: 1.5e-7 }] },
      { name: "demo_empty", help: "No samples yet.", type: "gauge", samples: [] },
    ]);
    expect(text).toBe(
      [
        "# HELP demo_jobs Jobs by state.",
        "# TYPE demo_jobs gauge",
        'demo_jobs{state="waiting"} 3',
        'demo_jobs{state="active"} 0',
        "# HELP demo_total A counter.",
        "# TYPE demo_total counter",
        "demo_total 1.5e-7",
        "# HELP demo_empty No samples yet.",
        "# TYPE demo_empty gauge",
        "",
      ].join("\n"),
    );
    expect(parseExposition(text).find("demo_jobs", { state: "waiting" })).toEqual([
      { name: "demo_jobs", labels: { state: "waiting" }, value: 3 },
    ]);
  });

  it("escapes backslashes, quotes and line feeds in label values and help, and reads them back", () => {
    const odd = 'C:\\path "quoted"\nnext line';
    expect(escapeLabelValue(odd)).toBe('C:\\\\path \\"quoted\\"\\nnext line');
    const text = renderExposition([
      { name: "demo", help: "Two\nlines \\ here", type: "gauge", samples: [{ labels: { error: odd }, value: NaN }] },
    ]);
    expect(text.split("\n")[0]).toBe("# HELP demo Two\\nlines \\\\ here");
    const parsed = parseExposition(text);
    expect(parsed.samples[0]!.labels.error).toBe(odd);
    expect(parsed.samples[0]!.value).toBeNaN();
    expect(parsed.help.get("demo")).toBe("Two\\nlines \\\\ here");
  });

  it("writes infinities as the format spells them", () => {
    const text = renderExposition([
      {
        name: "demo",
        help: "h",
        type: "gauge",
        samples: [{ value: Infinity }, { labels: { a: "b" }, value: -Infinity }],
      },
    ]);
    expect(text).toContain("demo +Inf\n");
    expect(text).toContain('demo{a="b"} -Inf\n');
    expect(parseExposition(text).samples.map((sample) => sample.value)).toEqual([Infinity, -Infinity]);
  });

  it("refuses names the format does not allow, and a metric twice", () => {
    const metric = { help: "h", type: "gauge" as const, samples: [{ value: 1 }] };
    expect(() => renderExposition([{ ...metric, name: "bad-name" }])).toThrow("Invalid metric name");
    expect(() =>
      renderExposition([{ ...metric, name: "ok", samples: [{ labels: { "bad-label": "x" }, value: 1 }] }]),
    ).toThrow("Invalid label name");
    expect(() =>
      renderExposition([
        { ...metric, name: "twice" },
        { ...metric, name: "twice" },
      ]),
    ).toThrow("rendered twice");
  });

  it("has a checker that rejects what Prometheus would", () => {
    const valid = "# HELP a h\n# TYPE a gauge\na 1\n";
    expect(() => parseExposition(valid)).not.toThrow();
    expect(() => parseExposition("# HELP a h\n# TYPE a gauge\na 1")).toThrow("line feed");
    expect(() => parseExposition("a 1\n")).toThrow("before its HELP and TYPE");
    expect(() => parseExposition('# HELP a h\n# TYPE a gauge\na{x="unterminated} 1\n')).toThrow("not a sample");
    expect(() => parseExposition('# HELP a h\n# TYPE a gauge\na{x="a"b"} 1\n')).toThrow("not a sample");
    expect(() => parseExposition("# HELP a h\n# TYPE a gauge\na one\n")).toThrow("not a sample");
    expect(() => parseExposition("# HELP a h\n# TYPE a gauge\n# TYPE a counter\n")).toThrow("second TYPE");
  });
});
