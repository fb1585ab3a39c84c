/*
 * The query page (/query): YASGUI over this server's /sparql, and the named-query gallery.
 *
 * - Only local look-ups: YASGUI's LOV term completers (class, property) are removed and the
 *   prefix completer uses its bundled list (prefixCcApi: null); no CORS probes (no corsProxy).
 * - The address bar holds the query in its fragment (#query=...), so the URL is the share link.
 * - Named queries run through /api/queries/<name>.json?param=value: the server binds the values.
 *   A run is shareable too: #named=<name>&<param>=<value>.
 * - Fixed texts come translated from the page (#editor-texts, filled by service/i18n.py);
 *   `{name}`-style placeholders in them are filled by say().
 * - IRIs this service mints open their page here (/module/6.1), not the public base IRI.
 * - Two result views beside YASR's table: a bar chart for grouped counts (a label column
 *   and a number column) and a graph (Cytoscape) for CONSTRUCT/DESCRIBE answers.
 * - IRI parameters of named queries take a name ("6.1", "Agnes Jager") and offer matches
 *   from /api/names as one types; the server turns the name into the IRI.
 */
(function () {
  "use strict";

  const LOCAL_COMPLETERS = ["variables", "prefixes"];
  const settings = JSON.parse(document.getElementById("editor-settings").textContent);
  const texts = JSON.parse(document.getElementById("editor-texts").textContent);
  const endpoint = new URL(settings.endpoint, window.location.href).href;

  /** The translated text `key`, its {placeholders} filled from `values`. */
  function say(key, values = {}) {
    return texts[key].replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  /* ---------- YASGUI ---------- */

  function keepLookupsLocal(Yasgui) {
    const Yasqe = Yasgui.Yasqe;
    for (const name of Object.keys(Yasqe.Autocompleters)) {
      if (!LOCAL_COMPLETERS.includes(name)) delete Yasqe.Autocompleters[name];
    }
    Yasqe.defaults.autocompleters = LOCAL_COMPLETERS.slice();
    Yasqe.defaults.prefixCcApi = null;
  }

  function makeEditor() {
    keepLookupsLocal(window.Yasgui);
    window.Yasgui.Yasr.registerPlugin("chart", BarChart);
    window.Yasgui.Yasr.registerPlugin("graph", GraphView);
    return new window.Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
      persistenceId: null,
      populateFromUrl: false,
      autofocus: false,
      corsProxy: undefined,
      yasqe: { autocompleters: LOCAL_COMPLETERS.slice(), prefixCcApi: null, editorHeight: "16rem" },
      yasr: {
        prefixes: settings.prefixes,
        defaultPlugin: "table",
        pluginOrder: ["table", "chart", "graph", "response"],
      },
    });
  }

  function hashParameters() {
    return new URLSearchParams(window.location.hash.replace(/^#/, ""));
  }

  function initialQuery() {
    return hashParameters().get("query") || settings.query;
  }

  function shareLink(fragment) {
    const url = new URL(window.location.href);
    url.search = "";
    url.hash = fragment.toString();
    return url.href;
  }

  function showShareLink(fragment) {
    const link = shareLink(fragment);
    window.history.replaceState(null, "", link);
    document.getElementById("share-link").value = link;
  }

  /** Keep the share link on the query of the tab in view, whichever tab that is. */
  function watchQuery(editor, showNow) {
    const watched = new WeakSet();
    const update = () => showShareLink(new URLSearchParams({ query: editor.getTab().getYasqe().getValue() }));
    const watch = () => {
      const yasqe = editor.getTab().getYasqe();
      if (yasqe && !watched.has(yasqe)) {
        watched.add(yasqe);
        yasqe.on("change", update);
      }
    };
    watch();
    editor.on("tabSelect", () => window.setTimeout(() => { watch(); update(); }, 0));
    editor.on("tabAdd", () => window.setTimeout(watch, 0));
    if (showNow) update();
  }

  /** Names and roles YASGUI's own controls lack (axe: label, select-name, tablist). */
  function labelEditorControls(root) {
    const name = (selector, text) => {
      for (const element of root.querySelectorAll(selector)) {
        if (!element.getAttribute("aria-label")) element.setAttribute("aria-label", text);
      }
    };
    name(".yasqe .CodeMirror textarea", say("queryText"));
    name("input.autocomplete", say("endpointField"));
    name(".tab input[type=text]", say("tabName"));
    name("select.tableSizer", say("rowsPerPage"));
    name(".yasr .tableFilter", say("filterRows"));
    for (const add of root.querySelectorAll(".tabsList > div[role=presentation] > button.addTab")) {
      add.parentElement.setAttribute("role", "none");
      add.setAttribute("role", "tab");
      add.setAttribute("aria-selected", "false");
    }
  }

  function setUpCopyButton() {
    const button = document.getElementById("copy-share-link");
    const field = document.getElementById("share-link");
    const status = document.getElementById("share-status");
    button.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
        status.textContent = say("copied");
      } catch (error) {
        status.textContent = say("copyFailed");
      }
    });
  }

  /* ---------- result tables ---------- */

  /** The page of an IRI on this server when the service mints it, else null. */
  function servedHere(iri) {
    for (const [namespace, path] of settings.localNamespaces) {
      if (iri.startsWith(namespace) && iri.length > namespace.length) {
        return path + iri.slice(namespace.length);
      }
    }
    return null;
  }

  function localHref(iri) {
    return servedHere(iri) || (/^https?:/.test(iri) ? iri : null);
  }

  /** Result links YASR draws point at the public IRI; point those we serve at their page. */
  function keepResultLinksLocal(container) {
    const rewrite = (root) => {
      for (const link of root.querySelectorAll ? root.querySelectorAll("a[href]") : []) {
        const here = servedHere(link.getAttribute("href"));
        if (here) {
          link.title = link.getAttribute("href");
          link.setAttribute("href", here);
        }
      }
    };
    new MutationObserver((changes) => {
      for (const change of changes) for (const node of change.addedNodes) {
        if (node.nodeType === 1) rewrite(node.matches("a[href]") ? node.parentNode : node);
      }
    }).observe(container, { childList: true, subtree: true });
    rewrite(container);
  }

  function shortName(iri) {
    for (const [prefix, namespace] of Object.entries(settings.prefixes)) {
      if (iri.startsWith(namespace) && iri.length > namespace.length) {
        return prefix + ":" + iri.slice(namespace.length);
      }
    }
    if (settings.baseIri && iri.startsWith(settings.baseIri) && iri.length > settings.baseIri.length) {
      return iri.slice(settings.baseIri.length);
    }
    return iri;
  }

  function termCell(term) {
    const cell = document.createElement("td");
    if (!term) return cell;
    if (term.type === "uri") {
      const href = localHref(term.value);
      const label = href ? document.createElement("a") : document.createElement("span");
      if (href) label.href = href;
      label.title = term.value;
      label.textContent = shortName(term.value);
      cell.append(label);
    } else if (term.type === "bnode") {
      cell.textContent = "_:" + term.value;
    } else {
      cell.textContent = term.value;
      const note = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? shortName(term.datatype) : "";
      if (note) {
        const small = document.createElement("small");
        small.className = "term-note";
        small.textContent = " " + note;
        cell.append(small);
      }
    }
    return cell;
  }

  function fillTable(table, results) {
    table.replaceChildren();
    const head = table.createTHead().insertRow();
    for (const name of results.head.vars) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.append(th);
    }
    const body = table.createTBody();
    for (const binding of results.results.bindings) {
      const row = body.insertRow();
      for (const name of results.head.vars) row.append(termCell(binding[name]));
    }
  }


  /* ---------- result views: bar chart and graph ---------- */

  const NUMBER_TYPE = /#(integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|positiveInteger|unsignedLong|unsignedInt)$/;
  const LABEL_PREDICATES = [
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
  ];
  const MAX_BARS = 200;
  const MAX_NODES = 400;

  function isNumber(term) {
    return Boolean(term) && term.type !== "uri" && term.type !== "bnode" &&
      NUMBER_TYPE.test(term.datatype || "") && Number.isFinite(Number(term.value));
  }

  function termText(term) {
    return term.type === "uri" ? shortName(term.value) : term.value;
  }

  /** {label, value, rows} when the results are counts per something, else null. */
  function chartData(results) {
    if (!results || results.type === "ttl" || !results.getVariables || !results.getBindings) return null;
    const variables = results.getVariables() || [];
    const rows = results.getBindings() || [];
    if (variables.length < 2 || !rows.length || rows.length > MAX_BARS) return null;
    const value = variables.find((name) => rows.every((row) => isNumber(row[name])));
    const label = variables.find((name) => name !== value && rows.every((row) => row[name] && !isNumber(row[name])));
    if (!value || !label) return null;
    return { label, value, rows: rows.map((row) => ({ term: row[label], number: Number(row[value].value) })) };
  }

  class BarChart {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5;
      this.label = say("chart");
    }

    canHandleResults() {
      return Boolean(chartData(this.yasr.results));
    }

    getIcon() {
      const icon = document.createElement("span");
      icon.className = "view-icon";
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = "▤";
      return icon;
    }

    draw() {
      const data = chartData(this.yasr.results);
      const largest = Math.max(...data.rows.map((row) => Math.abs(row.number)), 1);
      const figure = document.createElement("figure");
      figure.className = "result-chart";
      const caption = document.createElement("figcaption");
      caption.textContent = say("chartCaption", { value: data.value, label: data.label });
      const list = document.createElement("ol");
      list.className = "bars";
      for (const row of data.rows) {
        const item = document.createElement("li");
        const name = document.createElement(row.term.type === "uri" ? "a" : "span");
        name.className = "bar-label";
        name.textContent = termText(row.term);
        if (row.term.type === "uri") {
          name.href = localHref(row.term.value) || "#";
          name.title = row.term.value;
        }
        const track = document.createElement("span");
        track.className = "bar-track";
        const bar = document.createElement("span");
        bar.className = "bar";
        bar.style.width = `${(100 * Math.abs(row.number)) / largest}%`;
        const figureText = document.createElement("span");
        figureText.className = "bar-value";
        figureText.textContent = row.number.toLocaleString(document.documentElement.lang);
        track.append(bar);
        item.append(name, track, figureText);
        list.append(item);
      }
      figure.append(caption, list);
      this.yasr.resultsEl.append(figure);
    }
  }

  /** Cytoscape elements for the triples of a CONSTRUCT/DESCRIBE answer. */
  function graphElements(bindings) {
    const nodes = new Map();
    const edges = [];
    const labels = new Map();
    const node = (term) => {
      const id = (term.type === "bnode" ? "_:" : "") + term.value;
      if (!nodes.has(id)) nodes.set(id, { data: { id, iri: term.type === "uri" ? term.value : "", label: termText(term), kind: term.type } });
      return id;
    };
    for (const triple of bindings) {
      const { subject, predicate, object } = triple;
      if (object.type === "literal" && LABEL_PREDICATES.includes(predicate.value)) {
        labels.set(subject.value, object.value);
      }
    }
    for (const [index, triple] of bindings.entries()) {
      if (nodes.size >= MAX_NODES) break;
      const { subject, predicate, object } = triple;
      if (object.type === "literal" && LABEL_PREDICATES.includes(predicate.value)) continue;
      const source = node(subject);
      let target;
      if (object.type === "literal") {
        target = `literal-${index}`;
        const text = object.value.length > 60 ? object.value.slice(0, 57) + "…" : object.value;
        nodes.set(target, { data: { id: target, iri: "", label: text, kind: "literal" } });
      } else {
        target = node(object);
      }
      edges.push({ data: { id: `edge-${index}`, source, target, label: shortName(predicate.value) } });
    }
    for (const entry of nodes.values()) {
      if (labels.has(entry.data.iri)) entry.data.label = labels.get(entry.data.iri);
    }
    return { nodes: [...nodes.values()], edges, complete: nodes.size < MAX_NODES };
  }

  class GraphView {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 4;
      this.label = say("graph");
    }

    canHandleResults() {
      const results = this.yasr.results;
      return Boolean(window.cytoscape && results && results.type === "ttl" && (results.getBindings() || []).length);
    }

    getIcon() {
      const icon = document.createElement("span");
      icon.className = "view-icon";
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = "⋰";
      return icon;
    }

    draw() {
      const elements = graphElements(this.yasr.results.getBindings());
      const note = document.createElement("p");
      note.className = "graph-note";
      note.setAttribute("role", "status");
      note.textContent = say(elements.complete ? "graphSize" : "graphCut", {
        nodes: elements.nodes.length,
        edges: elements.edges.length,
      });
      const container = document.createElement("div");
      container.className = "result-graph";
      container.setAttribute("role", "img");
      container.setAttribute("aria-label", note.textContent);
      this.yasr.resultsEl.append(note, container);
      const graph = window.cytoscape({
        container,
        elements: [...elements.nodes, ...elements.edges],
        layout: {
          name: "cose",
          animate: false,
          padding: 16,
          nodeDimensionsIncludeLabels: true,
          idealEdgeLength: () => 90,
          nodeRepulsion: () => 900000,
          componentSpacing: 60,
        },
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: { label: "data(label)", "font-size": 14, "text-wrap": "ellipsis", "text-max-width": 140, "background-color": "#1f5fa8", width: 14, height: 14, color: "#1d2330" } },
          { selector: "node[kind = 'literal']", style: { shape: "round-rectangle", "background-color": "#e6def5", width: 10, height: 10 } },
          { selector: "node[kind = 'bnode']", style: { "background-color": "#8a93a3" } },
          { selector: "edge", style: { label: "data(label)", "font-size": 10, "min-zoomed-font-size": 8, "curve-style": "bezier", "target-arrow-shape": "triangle", width: 1, "line-color": "#8a93a3", "target-arrow-color": "#8a93a3", color: "#5b6475", "text-rotation": "autorotate" } },
        ],
      });
      graph.on("tap", "node", (event) => {
        const iri = event.target.data("iri");
        const href = iri && localHref(iri);
        if (href) window.location.href = href;
      });
    }
  }

  /* ---------- named queries ---------- */

  function parameterField(query, param) {
    const id = `param-${query.name}-${param.name}`;
    const wrapper = document.createElement("p");
    wrapper.className = "param";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = param.name + (param.required ? ` (${say("required")})` : "");
    let input;
    const choices = param.allowed.length ? param.allowed : param.type === "boolean" ? ["true", "false"] : [];
    if (choices.length) {
      input = document.createElement("select");
      if (!param.required) input.append(new Option("", ""));
      for (const choice of choices) input.append(new Option(choice, choice));
    } else {
      input = document.createElement("input");
      input.type = { integer: "number", decimal: "number", date: "date" }[param.type] || "text";
      if (param.type === "decimal") input.step = "any";
    }
    input.id = id;
    input.name = param.name;
    input.required = Boolean(param.required);
    // Required parameters start at their default or example; optional ones start empty,
    // so they do not narrow the answer unasked (the example is shown as a placeholder).
    input.value = param.default ?? (param.required ? param.example : null) ?? "";
    if (param.example && "placeholder" in input) input.placeholder = param.example;
    wrapper.append(label, input);
    if (param.lookup && input.tagName === "INPUT") wrapper.append(offerNames(input, id, param.lookup));
    if (param.description || param.type) {
      const hint = document.createElement("small");
      hint.className = "muted";
      const kind = param.lookup ? say("nameOrIri") : param.type;
      hint.textContent = [kind, param.description].filter(Boolean).join(" · ");
      wrapper.append(hint);
    }
    return wrapper;
  }

  /** Offer IRIs whose names start as typed: a <datalist>, filled from /api/names, returned. */
  function offerNames(input, id, lookup) {
    const list = document.createElement("datalist");
    list.id = id + "-names";
    input.setAttribute("list", list.id);
    input.autocomplete = "off";
    let asked = "";
    input.addEventListener("input", async () => {
      const text = input.value.trim();
      if (!text || text === asked || /^[a-z][a-z0-9+.-]*:/i.test(text)) return;
      asked = text;
      const url = new URL(lookup, window.location.href);
      url.searchParams.set("q", text);
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok || asked !== text) return;
        const offers = await response.json();
        const named = (name) => offers.filter((offer) => offer.name === name).length;
        list.replaceChildren(...offers.map((offer) => {
          const option = document.createElement("option");
          option.value = named(offer.name) > 1 ? offer.iri : offer.name; // the server resolves names
          option.label = shortName(offer.iri);
          return option;
        }));
      } catch (error) {
        list.replaceChildren();
      }
    });
    return list;
  }

  function galleryEntry(query, editor) {
    const entry = document.createElement("details");
    entry.className = "named-query";
    entry.id = "named-" + query.name;
    entry.dataset.name = query.name;
    const summary = document.createElement("summary");
    summary.textContent = query.summary;
    const code = document.createElement("code");
    code.textContent = query.name;
    summary.append(" ", code);
    const description = document.createElement("p");
    description.textContent = query.description;
    const form = document.createElement("form");
    form.action = query.url + ".json";
    form.method = "get";
    for (const param of query.params) form.append(parameterField(query, param));
    const buttons = document.createElement("p");
    const run = document.createElement("button");
    run.type = "submit";
    run.textContent = say("run");
    const show = document.createElement("button");
    show.type = "button";
    show.className = "secondary";
    show.textContent = say("showSparql");
    buttons.append(run, " ", show);
    form.append(buttons);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      runNamedQuery(query, new FormData(form));
    });
    show.addEventListener("click", () => {
      editor.getTab().getYasqe().setValue(query.sparql);
      document.getElementById("editor").scrollIntoView();
    });
    entry.append(summary, description, form);
    return entry;
  }

  function boundValues(formData) {
    const values = new URLSearchParams();
    for (const [name, value] of formData) if (value !== "") values.append(name, value);
    return values;
  }

  async function runNamedQuery(query, formData) {
    const values = boundValues(formData);
    const section = document.getElementById("named-result");
    const summary = document.getElementById("named-result-summary");
    const error = document.getElementById("named-result-error");
    const table = document.getElementById("named-result-table");
    const suffix = values.toString() ? "?" + values : "";
    section.hidden = false;
    error.hidden = true;
    table.replaceChildren();
    summary.textContent = say("running", { name: query.name });
    document.getElementById("download-json").href = query.url + ".json" + suffix;
    document.getElementById("download-csv").href = query.url + ".csv" + suffix;
    showShareLink(new URLSearchParams([["named", query.name], ...values]));
    const response = await fetch(query.url + ".json" + suffix, {
      headers: { Accept: "application/sparql-results+json" },
    });
    const body = await response.json();
    if (!response.ok) {
      summary.textContent = say("noResult", { name: query.name });
      error.textContent = body.error || response.statusText;
      error.hidden = false;
      return;
    }
    const truncated = response.headers.get("X-GKG-Truncated") === "true" ? say("truncated") : "";
    if (body.boolean !== undefined) {
      summary.textContent = say(body.boolean ? "yes" : "no", { name: query.name });
      return;
    }
    const count = body.results.bindings.length;
    summary.textContent = say(count === 1 ? "rowsOne" : "rowsMany", { name: query.name, count }) + truncated;
    fillTable(table, body);
    section.scrollIntoView();
  }

  function openSharedRun(queries) {
    const shared = hashParameters();
    const query = queries.find((item) => item.name === shared.get("named"));
    if (!query) return;
    const entry = document.getElementById("named-" + query.name);
    entry.open = true;
    const form = entry.querySelector("form");
    for (const param of query.params) {
      if (shared.has(param.name)) form.elements[param.name].value = shared.get(param.name);
    }
    runNamedQuery(query, new FormData(form));
  }

  function galleryFilter(gallery) {
    const wrapper = document.createElement("p");
    wrapper.className = "gallery-filter";
    const label = document.createElement("label");
    label.htmlFor = "gallery-filter";
    label.textContent = say("find");
    const input = document.createElement("input");
    input.type = "search";
    input.id = "gallery-filter";
    input.addEventListener("input", () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      for (const entry of gallery.querySelectorAll(".named-query")) {
        const text = entry.textContent.toLowerCase();
        entry.hidden = !words.every((word) => text.includes(word));
      }
    });
    wrapper.append(label, input);
    return wrapper;
  }

  async function showGallery(editor) {
    const gallery = document.getElementById("gallery");
    let queries;
    try {
      const response = await fetch(settings.queriesUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(response.statusText);
      queries = await response.json();
    } catch (error) {
      gallery.textContent = say("failed", { error: error.message });
      return;
    }
    gallery.replaceChildren(...queries.map((query) => galleryEntry(query, editor)));
    if (!queries.length) gallery.textContent = say("none");
    else gallery.before(galleryFilter(gallery));
    openSharedRun(queries);
  }

  /* ---------- start ---------- */

  function start() {
    const sharedRun = hashParameters().has("named");
    const editor = makeEditor();
    const yasqe = editor.getTab().getYasqe();
    yasqe.setValue(initialQuery());
    if (/^\s*PREFIX/i.test(yasqe.getValue())) yasqe.collapsePrefixes(true);
    setUpCopyButton();
    watchQuery(editor, !sharedRun);
    const root = document.getElementById("yasgui");
    keepResultLinksLocal(root);
    labelEditorControls(root);
    let labelling = false;
    new MutationObserver(() => {
      if (labelling) return;
      labelling = true;
      window.requestAnimationFrame(() => { labelling = false; labelEditorControls(root); });
    }).observe(root, { childList: true, subtree: true });
    window.addEventListener("hashchange", () => {
      const shared = hashParameters().get("query");
      const current = editor.getTab().getYasqe();
      if (shared && shared !== current.getValue()) current.setValue(shared);
    });
    showGallery(editor);
    document.body.dataset.editorReady = "true";
  }

  start();
})();
