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
    return new window.Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
      persistenceId: null,
      populateFromUrl: false,
      autofocus: false,
      corsProxy: undefined,
      yasqe: { autocompleters: LOCAL_COMPLETERS.slice(), prefixCcApi: null, editorHeight: "16rem" },
      yasr: { prefixes: settings.prefixes, defaultPlugin: "table" },
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

  function watchQuery(yasqe, showNow) {
    const update = () => showShareLink(new URLSearchParams({ query: yasqe.getValue() }));
    yasqe.on("change", update);
    if (showNow) update();
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

  function localHref(iri) {
    if (settings.baseIri && iri.startsWith(settings.baseIri)) {
      return "/" + iri.slice(settings.baseIri.length);
    }
    return /^https?:/.test(iri) ? iri : null;
  }

  function shortName(iri) {
    if (settings.baseIri && iri.startsWith(settings.baseIri) && iri.length > settings.baseIri.length) {
      return iri.slice(settings.baseIri.length);
    }
    for (const [prefix, namespace] of Object.entries(settings.prefixes)) {
      if (iri.startsWith(namespace) && iri.length > namespace.length) {
        return prefix + ":" + iri.slice(namespace.length);
      }
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
      if (param.type === "iri") input.inputMode = "url";
    }
    input.id = id;
    input.name = param.name;
    input.required = Boolean(param.required);
    // Required parameters start at their default or example; optional ones start empty,
    // so they do not narrow the answer unasked (the example is shown as a placeholder).
    input.value = param.default ?? (param.required ? param.example : null) ?? "";
    if (param.example && "placeholder" in input) input.placeholder = param.example;
    wrapper.append(label, input);
    if (param.description || param.type) {
      const hint = document.createElement("small");
      hint.className = "muted";
      hint.textContent = [param.type, param.description].filter(Boolean).join(" · ");
      wrapper.append(hint);
    }
    return wrapper;
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
    watchQuery(yasqe, !sharedRun);
    showGallery(editor);
    document.body.dataset.editorReady = "true";
  }

  start();
})();
