/** The dashboard's stylesheet: system fonts, light and dark palettes (both WCAG AA or better), visible focus. */
export const DASHBOARD_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --accent: #0b5cad; --fresh-bg: #dafbe1; --fresh-fg: #116329; --stale-bg: #fff1cc; --stale-fg: #7a4b00;
  --warn-bg: #ffebe9; --warn-fg: #a40e26; --focus: #0b5cad;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --panel: #161b22;
    --accent: #6cb6ff; --fresh-bg: #12361f; --fresh-fg: #7ee2a1; --stale-bg: #3b2a05; --stale-fg: #f2cc60;
    --warn-bg: #42131a; --warn-fg: #ffa7b0; --focus: #6cb6ff;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1.25rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
p { margin: .25rem 0 .75rem; }
a { color: var(--accent); }
nav a { margin-right: 1rem; white-space: nowrap; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
#controls { display: flex; flex-wrap: wrap; gap: .75rem 1rem; align-items: end; padding: .75rem;
  margin: .75rem 0; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
#controls label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); gap: .2rem; }
select, input, button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: 5px; padding: .3rem .5rem; }
input[type="search"] { min-width: 12rem; }
button { cursor: pointer; padding: .15rem .55rem; font-size: .85rem; }
button:hover { border-color: var(--accent); }
.summary { color: var(--muted); }
.summary code { color: var(--fg); }
table { width: 100%; border-collapse: collapse; margin-bottom: 2rem; table-layout: fixed; }
col.region { width: 10rem; } col.image { width: 16rem; } col.created { width: 8rem; } col.status { width: 7rem; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: .85rem; color: var(--muted); border-bottom-width: 2px; }
tbody th { font-weight: 600; white-space: nowrap; }
.ami { white-space: nowrap; }
.muted { color: var(--muted); }
td.created { white-space: nowrap; }
td.created .muted { display: block; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; margin-right: .25rem; }
.fresh { background: var(--fresh-bg); color: var(--fresh-fg); }
.stale { background: var(--stale-bg); color: var(--stale-fg); }
.deprecated { background: var(--warn-bg); color: var(--warn-fg); }
details summary { cursor: pointer; color: var(--accent); }
details dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .75rem; margin: .5rem 0; }
details dt { color: var(--muted); }
details dd { margin: 0; overflow-wrap: anywhere; }
.snippet { display: flex; gap: .5rem; align-items: start; margin: .35rem 0; }
.snippet pre { flex: 1; margin: 0; padding: .4rem .6rem; background: var(--panel); border: 1px solid var(--line);
  border-radius: 5px; overflow-x: auto; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { color: var(--muted); font-size: .85rem; padding-bottom: 2rem; }
@media (max-width: 48rem) { .created { display: none; } col.image { width: 14rem; } col.status { width: 6rem; } }
`;
