import type { Answer } from "../answers.ts";
import { DASHBOARD_SCRIPT } from "./script.ts";
import { DASHBOARD_STYLE } from "./style.ts";

/**
 * `GET /`: one HTML page with its style and script inline (one request, a few KB gzipped). The
 * data comes from the public API over fetch, as any other client would read it.
 */

const BODY = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>latest-ami: the newest AMI of every AWS region</title>
<link rel="alternate" type="application/feed+json" title="New AMIs (JSON Feed)" href="/changes">
<link rel="alternate" type="application/atom+xml" title="New AMIs (Atom)" href="/changes.atom">
<style>${DASHBOARD_STYLE}</style>
</head>
<body>
<header>
<h1>latest-ami</h1>
<p>The newest AMI of every AWS region, as AWS's own public parameters name it. Everything here is a plain <code>curl</code> away.</p>
<nav aria-label="Data">
<a id="json-link" href="/latest">This table as JSON</a>
<a id="feed-link" href="/changes">Changes (JSON Feed)</a>
<a href="/changes.atom">All changes (Atom)</a>
<a href="/openapi.json">API (OpenAPI)</a>
</nav>
</header>
<main>
<form id="controls" role="search" aria-label="Choose a family and filter regions">
<label for="os">OS<select id="os"></select></label>
<label for="arch">Architecture<select id="arch"></select></label>
<label for="kernel">Kernel<select id="kernel"></select></label>
<label for="edition">Edition<select id="edition"></select></label>
<label for="filter">Filter regions<input id="filter" type="search" placeholder="e.g. eu-" autocomplete="off" spellcheck="false"></label>
</form>
<p class="summary">Family <code id="family">…</code> <span id="aliases"></span> · <span id="count"></span></p>
<p id="status" role="status" aria-live="polite"></p>
<noscript><p>This table needs JavaScript. The data does not: try <a href="/latest">/latest</a> or <a href="/openapi.json">/openapi.json</a>.</p></noscript>
<table>
<caption class="visually-hidden">The newest image of the chosen family in each region</caption>
<colgroup><col class="region"><col class="image"><col class="created"><col class="status"><col></colgroup>
<thead><tr><th scope="col">Region</th><th scope="col">Image</th><th scope="col" class="created">Created</th><th scope="col">Status</th><th scope="col">Use it</th></tr></thead>
<tbody id="rows"></tbody>
</table>
</main>
<footer>
<p>Fresh: the region was refreshed within the last 12 hours. Hover an image for its name and date, or open “curl, Terraform, JSON”.</p>
</footer>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;

/** `GET /` as an answer like the others: it changes only with a deploy, so an ETag and no Last-Modified. */
export function dashboardAnswer(): Answer {
  return { body: BODY, contentType: "text/html; charset=utf-8", stale: false };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

let policy: Promise<string> | undefined;

/**
 * The page's Content-Security-Policy: only its own inline script and style (by hash), data only
 * from this origin, no frames, no forms sent anywhere.
 */
export function dashboardPolicy(): Promise<string> {
  policy ??= Promise.all([sha256(DASHBOARD_SCRIPT), sha256(DASHBOARD_STYLE)]).then(
    ([script, style]) =>
      `default-src 'none'; script-src ${script}; style-src ${style}; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  return policy;
}
