import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

// The app's HTTP surface as the drills see it: every route module under app/routes (tests left out), the URL Remix
// serves it at (flat routes: dots are slashes, $id a parameter, _index the index, [.] a literal dot, a leading _ a
// pathless layout) and which handlers it exports. Each request of a drill's corpus names the module and handler it is
// aimed at; a handler no request reached, unless the drill says why it does not apply, fails the drill, so a new route
// or a new action cannot go untested.

export type Handler = "loader" | "action";
export type RouteModule = {
  file: string;
  /** The URL pattern, with :param and * as Remix writes them. */
  path: string;
  handlers: Handler[];
  /** Renders a page (default export): a screen, not an endpoint. */
  page: boolean;
};

export const ROUTES_DIR = resolve("app", "routes");

export function routePathOf(file: string): string {
  const stem = file.replace(/\.(tsx?|jsx?)$/, "");
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const char of stem) {
    if (char === "[") escaped = true;
    else if (char === "]") escaped = false;
    else if (char === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += char;
  }
  segments.push(current);
  const parts = segments
    .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
    .map((segment) => segment.replace(/_$/, ""))
    .map((segment) => (segment === "$" ? "*" : segment.startsWith("$") ? `:${segment.slice(1)}` : segment));
  return `/${parts.join("/")}`;
}

export function listRouteModules(dir = ROUTES_DIR): RouteModule[] {
  return readdirSync(dir)
    .filter((file) => /\.(tsx?|jsx?)$/.test(file) && !/\.test\.(tsx?|jsx?)$/.test(file))
    .sort()
    .map((file) => {
      const source = readFileSync(join(dir, file), "utf8");
      const exported = (name: string) =>
        new RegExp(`export\\s+(?:async\\s+)?(?:function\\s+${name}\\b|const\\s+${name}\\b)`).test(source);
      const handlers = (["loader", "action"] as const).filter(exported);
      return { file, path: routePathOf(file), handlers, page: /export\s+default\s/.test(source) };
    });
}

/**
 * Problems with a drill's coverage: a handler of a module that no request of its corpus reached and that the drill
 * does not list as not applicable (with the reason), and not-applicable entries naming modules that are gone.
 */
export function coverageProblems(
  modules: RouteModule[],
  covered: Map<string, Set<Handler>>,
  notApplicable: Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const module of modules) {
    if (notApplicable[module.file]) continue;
    const reached = covered.get(module.file) ?? new Set<Handler>();
    const missing = module.handlers.filter((handler) => !reached.has(handler));
    if (missing.length > 0) {
      problems.push(
        `${module.file} (${module.path}): ${missing.join(" and ")} not in the corpus; cover it or say why it does not apply`,
      );
    }
  }
  const files = new Set(modules.map((module) => module.file));
  for (const file of [...Object.keys(notApplicable), ...covered.keys()]) {
    if (!files.has(file)) problems.push(`${file} is in the corpus but not in app/routes`);
  }
  return problems;
}

/** Fills a URL pattern's parameters: `/api/v1/orders/:id` with { id } -> `/api/v1/orders/<id>` (URL-encoded). */
export function fillPath(pattern: string, params: Record<string, string> = {}): string {
  return pattern
    .replace(/:(\w+)/g, (_match, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`no value for :${name} in ${pattern}`);
      return encodeURIComponent(value);
    })
    .replace(/\*$/, params["*"] ?? "");
}
