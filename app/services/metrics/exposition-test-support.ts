// A strict reader of the text exposition format 0.0.4 for tests: every line must be a comment, a HELP/TYPE line or a
// sample that matches the grammar, and every sampled metric must have had its HELP and TYPE first.

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";
const LABEL_VALUE = String.raw`"(?:[^"\\\n]|\\[\\"n])*"`;
const LABEL = `${LABEL_NAME}=${LABEL_VALUE}`;
const VALUE = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|NaN|[-+]?Inf`;
const SAMPLE = new RegExp(`^(${NAME})(\\{(?:${LABEL}(?:,${LABEL})*,?)?\\})? (${VALUE})(?: -?\\d+)?$`);
const HELP = new RegExp(String.raw`^# HELP (${NAME}) ((?:[^\\\n]|\\[\\n])*)$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const LABEL_PAIR = new RegExp(`(${LABEL_NAME})=(${LABEL_VALUE})`, "g");

export type ParsedSample = { name: string; labels: Record<string, string>; value: number };
export type ParsedExposition = {
  help: Map<string, string>;
  types: Map<string, string>;
  samples: ParsedSample[];
  /** The samples of one metric whose labels include `match`. */
  find: (name: string, match?: Record<string, string>) => ParsedSample[];
};

const unescape = (quoted: string) =>
  quoted.slice(1, -1).replace(/\\(["\\n])/g, (_, char: string) => (char === "n" ? "\n" : char));

function parseValue(text: string): number {
  if (text === "NaN") return NaN;
  if (/^[-+]?Inf$/.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  return Number(text);
}

/** Throws naming the first line that breaks the format. */
export function parseExposition(text: string): ParsedExposition {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a line feed");
  const help = new Map<string, string>();
  const types = new Map<string, string>();
  const samples: ParsedSample[] = [];
  text
    .slice(0, -1)
    .split("\n")
    .forEach((line, index) => {
      const fail = (why: string) => new Error(`line ${index + 1}: ${why}: ${JSON.stringify(line)}`);
      if (line.startsWith("# HELP ")) {
        const match = HELP.exec(line);
        if (!match) throw fail("malformed HELP");
        if (help.has(match[1]!)) throw fail("second HELP for the metric");
        help.set(match[1]!, match[2]!);
        return;
      }
      if (line.startsWith("# TYPE ")) {
        const match = TYPE.exec(line);
        if (!match) throw fail("malformed TYPE");
        if (types.has(match[1]!)) throw fail("second TYPE for the metric");
        if (samples.some((sample) => sample.name === match[1])) throw fail("TYPE after the metric's samples");
        types.set(match[1]!, match[2]!);
        return;
      }
      if (line.startsWith("#") || line.trim() === "") return;
      const match = SAMPLE.exec(line);
      if (!match) throw fail("not a sample line");
      const name = match[1]!;
      if (!help.has(name) || !types.has(name)) throw fail("sample before its HELP and TYPE");
      const labels: Record<string, string> = {};
      for (const [, label, value] of (match[2] ?? "").matchAll(LABEL_PAIR)) {
        if (label! in labels) throw fail(`label ${label} twice`);
        labels[label!] = unescape(value!);
      }
      samples.push({ name, labels, value: parseValue(match[3]!) });
    });
  return {
    help,
    types,
    samples,
    find: (name, match = {}) =>
      samples.filter(
        (sample) =>
          sample.name === name && Object.entries(match).every(([label, value]) => sample.labels[label] === value),
      ),
  };
}
