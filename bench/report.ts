import { existsSync, readFileSync, writeFileSync } from "node:fs";

/**
 * Reports that suites and benchmarks write: each owns named sections of a Markdown file and
 * replaces only those, between `<!-- section:NAME -->` and `<!-- /section:NAME -->`, so several
 * suites can fill one file and a rerun replaces its own figures without touching the others.
 */

function markers(name: string): [string, string] {
  return [`<!-- section:${name} -->`, `<!-- /section:${name} -->`];
}

/**
 * Replaces (or appends) section `name` of the Markdown file at `path` with `markdown`.
 * @example writeReportSection("bench/RELIABILITY.md", "load", "## Load\n\n| req/s | ... |")
 */
export function writeReportSection(path: string, name: string, markdown: string): void {
  const [open, close] = markers(name);
  const block = `${open}\n${markdown.trim()}\n${close}`;
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  const start = current.indexOf(open);
  const end = current.indexOf(close);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${block}${current.slice(end + close.length)}`
      : `${current.trimEnd()}${current ? "\n\n" : ""}${block}\n`;
  writeFileSync(path, next);
}

export { markdownTable } from "./markdown.ts";
