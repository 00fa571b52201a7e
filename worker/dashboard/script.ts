/**
 * The dashboard's script, sent as is (no build step, so `wrangler dev`, the test pool and
 * `wrangler deploy` all serve the same bytes). It reads the public API like any other client:
 * `/families` for the selectors, `/latest?family=` for the table, `/healthz` for freshness.
 * It builds the page with textContent only, never HTML from data.
 *
 * Written without template literals, so it can live in String.raw; its pure parts (facetsOf,
 * pickFamily) are unit-tested by running this text in a Node VM (test/worker/dashboard.node.test.ts),
 * and the page itself by a browser test (test/browser/dashboard.test.ts).
 */
export const DASHBOARD_SCRIPT = String.raw`"use strict";
var FACETS = ["os", "arch", "kernel", "edition"];
var NOT_NAMED = "not named";
var ARCH = { arm64: "arm64", aarch64: "arm64", x86_64: "x86_64" };
var OS_ORDER = ["AL2023", "AL2", "ECS", "ECS (by name)"];
var DAY_MS = 86400000;

/** The OS, architecture, kernel and edition a family's name says, e.g. al2023-ami-minimal-kernel-6.12-arm64. */
function facetsOf(name) {
  var arch = "x86_64";
  var kernel = NOT_NAMED;
  var rest = [];
  var os;
  var slash = name.indexOf("/");
  var head = slash < 0 ? "" : name.slice(0, slash);
  if (head === "ecs" || head === "ecs-by-name") {
    os = head === "ecs" ? "ECS" : "ECS (by name)";
    name.slice(slash + 1).split("/").forEach(function (part) {
      if (ARCH[part]) arch = ARCH[part];
      else if (part.indexOf("kernel-") === 0) kernel = part.slice(7);
      else rest.push(part);
    });
    return { os: os, arch: arch, kernel: kernel, edition: rest.join(" ") || "standard" };
  }
  var tokens = name.split("-");
  var skip = 0;
  if (tokens[0] === "al2023" && tokens[1] === "ami") { os = "AL2023"; skip = 2; }
  else if (tokens[0] === "amzn2" && tokens[1] === "ami") { os = "AL2"; skip = 2; }
  else if (tokens[0] === "amzn" && tokens[1] === "ami") { os = "AL1"; skip = 2; }
  for (var i = skip; i < tokens.length; i++) {
    var token = tokens[i];
    if (ARCH[token]) arch = ARCH[token];
    else if (token === "kernel" && os && i + 1 < tokens.length) kernel = tokens[++i];
    else if (token === "hvm" && os) continue;
    else rest.push(token);
  }
  if (!os) return { os: rest.join("-"), arch: arch, kernel: kernel, edition: "standard" };
  return { os: os, arch: arch, kernel: kernel, edition: rest.join(" ") || "standard" };
}

/**
 * The family to show when facet "changed" takes value "value": among the families with that value
 * (and the same OS, unless the OS is what changed), the one sharing most of the other facets;
 * ties go to the family with the earliest alias (al2023 before al2023-minimal), then by name.
 */
function pickFamily(catalogue, current, changed, value) {
  var want = Object.assign({}, current.facets);
  want[changed] = value;
  var weights = { os: 8, arch: 4, kernel: 2, edition: 1 };
  var best = null;
  catalogue.forEach(function (family) {
    if (family.facets[changed] !== value) return;
    if (changed !== "os" && family.facets.os !== want.os) return;
    var score = 0;
    FACETS.forEach(function (facet) {
      if (facet !== changed && family.facets[facet] === want[facet]) score += weights[facet];
    });
    if (
      !best ||
      score > best.score ||
      (score === best.score &&
        (family.rank < best.family.rank || (family.rank === best.family.rank && family.name < best.family.name)))
    ) {
      best = { family: family, score: score };
    }
  });
  return best ? best.family : current;
}

/** The families of a /families answer, with their facets and alias rank. */
function catalogueOf(families) {
  var aliasNames = Object.keys(families.Aliases);
  return Object.keys(families.Families).map(function (name) {
    var aliases = families.Families[name].Aliases;
    var rank = aliases.length ? aliasNames.indexOf(aliases[0]) : Infinity;
    return { name: name, aliases: aliases, rank: rank < 0 ? Infinity : rank, facets: facetsOf(name) };
  });
}

function osRank(os) {
  var i = OS_ORDER.indexOf(os);
  return i < 0 ? (os === "AL1" ? 99 : 50) : i;
}

function el(tag, attributes, children) {
  var node = document.createElement(tag);
  Object.keys(attributes || {}).forEach(function (key) {
    if (key === "text") node.textContent = attributes[key];
    else node.setAttribute(key, attributes[key]);
  });
  (children || []).forEach(function (child) {
    if (child) node.append(child);
  });
  return node;
}

function daysAgo(date, now) {
  var days = Math.floor((now - Date.parse(date)) / DAY_MS);
  return days === 1 ? "1 day" : days + " days";
}

function hoursAgo(date, now) {
  var minutes = Math.max(0, Math.round((now - Date.parse(date)) / 60000));
  return minutes < 90 ? minutes + " min ago" : Math.round(minutes / 60) + " h ago";
}

function start() {
  var state = { catalogue: [], current: null, filter: "", health: {}, request: null };
  var byId = function (id) { return document.getElementById(id); };
  var selects = { os: byId("os"), arch: byId("arch"), kernel: byId("kernel"), edition: byId("edition") };
  var status = byId("status");
  var rows = byId("rows");
  var filterBox = byId("filter");
  var base = location.origin;

  function say(text) { status.textContent = text; }

  function getJson(path, signal) {
    return fetch(path, { signal: signal, headers: { accept: "application/json" } }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok || (path === "/healthz" && body.Regions)) return body;
        var error = body && body.error;
        throw new Error(error ? error.message + " (" + error.code + ")" : "HTTP " + response.status);
      });
    });
  }

  function copy(text, button) {
    var done = function () {
      button.textContent = "Copied";
      say("Copied " + text.split("\n")[0]);
      setTimeout(function () { button.textContent = button.getAttribute("data-label"); }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { say("Copying was refused by the browser."); });
      return;
    }
    var area = el("textarea", { class: "visually-hidden" });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    done();
  }

  function copyButton(text, label, description) {
    return el("button", {
      type: "button", class: "copy", "data-copy": text, "data-label": label,
      "aria-label": "Copy " + description, text: label,
    });
  }

  function snippet(text, label, description) {
    return el("div", { class: "snippet" }, [el("pre", {}, [el("code", { text: text })]), copyButton(text, label, description)]);
  }

  function writeUrl() {
    var params = new URLSearchParams();
    params.set("family", state.current.name);
    if (state.filter) params.set("q", state.filter);
    history.replaceState(null, "", "?" + params.toString());
  }

  function renderSelectors() {
    var current = state.current;
    FACETS.forEach(function (facet) {
      var values = [];
      state.catalogue.forEach(function (family) {
        if (facet !== "os" && family.facets.os !== current.facets.os) return;
        if (values.indexOf(family.facets[facet]) < 0) values.push(family.facets[facet]);
      });
      values.sort(function (a, b) {
        if (facet === "os") return osRank(a) - osRank(b) || (a < b ? -1 : 1);
        return a < b ? -1 : a > b ? 1 : 0;
      });
      var select = selects[facet];
      select.replaceChildren.apply(select, values.map(function (value) {
        return el("option", { value: value, text: value });
      }));
      select.value = current.facets[facet];
    });
    byId("family").textContent = current.name;
    byId("aliases").textContent = current.aliases.length ? "alias " + current.aliases.join(", ") : "";
    byId("json-link").setAttribute("href", "/latest?family=" + encodeURIComponent(current.name));
    byId("feed-link").setAttribute("href", "/changes?family=" + encodeURIComponent(current.name));
  }

  function applyFilter() {
    var needle = state.filter.trim().toLowerCase();
    var shown = 0;
    var all = rows.children;
    for (var i = 0; i < all.length; i++) {
      var match = all[i].getAttribute("data-region").indexOf(needle) >= 0;
      all[i].hidden = !match;
      if (match) shown++;
    }
    byId("count").textContent = shown === all.length ? all.length + " regions" : shown + " of " + all.length + " regions";
  }

  function row(region, image, now) {
    var family = state.current.name;
    var path = "/latest/" + region + "/" + family;
    var textUrl = base + path + "?field=ImageId";
    var health = state.health[region];
    var fresh = health ? !health.Stale : false;
    var refreshed = health && health.RetrievedAt ? "data refreshed " + hoursAgo(health.RetrievedAt, now) : "freshness unknown";
    var created = image.CreationDate ? image.CreationDate.slice(0, 10) : "unknown";
    var badges = [el("span", { class: "badge " + (fresh ? "fresh" : "stale"), title: refreshed, text: fresh ? "fresh" : "stale" })];
    if (image.DeprecationTime) {
      var past = Date.parse(image.DeprecationTime) <= now;
      badges.push(el("span", {
        class: "badge deprecated", title: "DeprecationTime " + image.DeprecationTime,
        text: (past ? "deprecated " : "deprecates ") + image.DeprecationTime.slice(0, 10),
      }));
    }
    var terraform = [
      'data "http" "ami" {',
      '  url = "' + textUrl + '"',
      "}",
      "# ami = trimspace(data.http.ami.response_body)",
    ].join("\n");
    var details = el("details", {}, [
      el("summary", { text: "curl, Terraform, JSON", "aria-label": "Details and snippets for " + region }),
      el("dl", {}, [
        el("dt", { text: "Name" }), el("dd", { class: "mono", text: image.Name || "unknown" }),
        el("dt", { text: "Created" }), el("dd", { text: image.CreationDate || "unknown" }),
        el("dt", { text: "Architecture" }), el("dd", { text: image.Architecture || "unknown" }),
        el("dt", { text: "Data" }), el("dd", { text: refreshed }),
      ]),
      snippet('curl -fsS "' + textUrl + '"', "Copy curl", "curl command for " + region),
      snippet(terraform, "Copy Terraform", "Terraform snippet for " + region),
      el("p", {}, [
        el("a", { href: path, text: "JSON" }), " · ",
        el("a", { href: "/history/" + region + "/" + family, text: "history" }), " · ",
        el("a", { href: "/changes?region=" + region + "&family=" + encodeURIComponent(family), text: "changes" }),
      ]),
    ]);
    return el("tr", { "data-region": region }, [
      el("th", { scope: "row", text: region }),
      el("td", { class: "ami" }, [
        el("code", { class: "image-id", title: (image.Name || "") + "\nCreated " + created, text: image.ImageId }), " ",
        copyButton(image.ImageId, "Copy", image.ImageId + " (" + region + ")"),
      ]),
      el("td", { class: "created" }, [
        created, el("span", { class: "muted", text: image.CreationDate ? "(" + daysAgo(image.CreationDate, now) + ")" : "" }),
      ]),
      el("td", {}, badges),
      el("td", {}, [details]),
    ]);
  }

  function loadTable() {
    if (state.request) state.request.abort();
    var request = new AbortController();
    state.request = request;
    var family = state.current.name;
    rows.setAttribute("aria-busy", "true");
    say("Loading " + family + "…");
    getJson("/latest?family=" + encodeURIComponent(family), request.signal).then(function (map) {
      var now = Date.now();
      var regions = Object.keys(map).sort();
      rows.replaceChildren.apply(rows, regions.map(function (region) { return row(region, map[region], now); }));
      rows.removeAttribute("aria-busy");
      applyFilter();
      say("");
    }, function (error) {
      if (error.name === "AbortError") return;
      rows.replaceChildren();
      say("Could not load " + family + ": " + error.message);
    });
  }

  function choose(family) {
    state.current = family;
    renderSelectors();
    writeUrl();
    loadTable();
  }

  FACETS.forEach(function (facet) {
    selects[facet].addEventListener("change", function () {
      choose(pickFamily(state.catalogue, state.current, facet, selects[facet].value));
    });
  });
  filterBox.addEventListener("input", function () {
    state.filter = filterBox.value;
    applyFilter();
    writeUrl();
  });
  byId("controls").addEventListener("submit", function (event) { event.preventDefault(); });
  rows.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy");
    if (button) copy(button.getAttribute("data-copy"), button);
  });

  var params = new URLSearchParams(location.search);
  state.filter = params.get("q") || "";
  filterBox.value = state.filter;
  var health = getJson("/healthz").then(function (body) { return body.Regions || {}; }, function () { return {}; });
  Promise.all([getJson("/families"), health]).then(function (results) {
    var families = results[0];
    state.health = results[1];
    state.catalogue = catalogueOf(families);
    var asked = params.get("family") || families.Default;
    var name = families.Aliases[asked] || asked;
    var found = state.catalogue.filter(function (family) { return family.name === name; })[0];
    var fallback = state.catalogue.filter(function (family) { return family.name === families.Default; })[0];
    if (!found) say("Unknown family " + asked + "; showing " + families.Default + ".");
    choose(found || fallback || state.catalogue[0]);
  }, function (error) {
    say("Could not load the family list: " + error.message);
  });
}

if (typeof document !== "undefined") start();
`;
