// The conflict-of-interest network page: draws /api/coi/export.json with Cytoscape.js,
// filtered by module and tie kind, or one node's ego network (/api/coi/ego); the analyses
// come from /api/coi/centrality and /communities.  Node shapes and colours come from the
// page (#network-styles, service/network_page.py's NODE_STYLES, also drawn as the legend);
// fixed texts come translated from the page (#network-texts, service/i18n.py).
(function () {
  "use strict";
  const form = document.getElementById("network-filter");
  const status = document.getElementById("network-status");
  const egoInput = document.getElementById("ego-node");
  const egoRadius = document.getElementById("ego-radius");
  const base = form.dataset.base;
  const texts = JSON.parse(document.getElementById("network-texts").textContent);
  const styles = {};
  JSON.parse(document.getElementById("network-styles").textContent).forEach(([category, shape, colour]) => {
    styles[category] = { shape, colour };
  });
  const INTEREST_KINDS = new Set(["employment", "board-or-committee", "side-activity", "research-funding",
    "personal-financial", "personal-relation", "intellectual", "other"]);
  let network = null;
  let ego = null; // {name, radius, elements} while an ego network is shown
  let cy = null;

  // The translated text `key`, its {placeholders} filled from `values`.
  function say(key, values) {
    return texts[key].replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function localPath(iri) {
    return iri.startsWith(base) ? "/" + iri.slice(base.length) : iri;
  }

  function category(data) {
    return data.type === "organisation" ? (data.org_kind in styles ? data.org_kind : "other") : data.type;
  }

  function choice() {
    const data = new FormData(form);
    return { module: data.get("module") || "", kinds: data.getAll("kind") };
  }

  function filtered(chosen, elements) {
    const edges = elements.edges.filter((edge) =>
      chosen.kinds.includes(edge.data.kind) &&
      (ego || !chosen.module || edge.data.module === chosen.module ||
        edge.data.target === base + "module/" + chosen.module));
    const used = new Set();
    edges.forEach((edge) => { used.add(edge.data.source); used.add(edge.data.target); });
    if (ego) { used.add(ego.node); }
    const nodes = elements.nodes.filter((node) => used.has(node.data.id));
    return { nodes, edges };
  }

  function draw() {
    const chosen = choice();
    const elements = filtered(chosen, ego ? ego.elements : network.elements);
    const counts = {};
    elements.nodes.forEach((node) => { counts[node.data.type] = (counts[node.data.type] || 0) + 1; });
    const summary = say("status", {
      people: counts.person || 0, organisations: counts.organisation || 0, ties: elements.edges.length,
    });
    status.textContent = ego
      ? say("egoOf", { name: ego.label, radius: ego.radius }) + summary
      : summary + (chosen.module ? say("inModule", { module: chosen.module }) : "");
    status.dataset.people = counts.person || 0;
    status.dataset.ties = elements.edges.length;
    if (cy) { cy.destroy(); }
    cy = cytoscape({
      container: document.getElementById("network"),
      elements: [...elements.nodes, ...elements.edges],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000 },
      minZoom: 0.2,
      style: [
        { selector: "node", style: {
          label: "data(label)", "font-size": 10, width: 16, height: 16,
          shape: (node) => styles[category(node.data())].shape,
          "background-color": (node) => styles[category(node.data())].colour,
          "text-wrap": "ellipsis", "text-max-width": 110, "min-zoomed-font-size": 7,
          "text-background-color": "#ffffff", "text-background-opacity": 0.7 } },
        { selector: "node[type = 'organisation']", style: { width: 20, height: 20 } },
        { selector: "edge", style: { width: 1, "line-color": "#b8c0cc", "curve-style": "haystack", opacity: 0.7 } },
        { selector: "edge[kind = 'research-funding']", style: { "line-color": "#6fbf8f" } },
        { selector: "edge[kind = 'personal-financial']", style: { "line-color": "#e08a7e", width: 2 } },
      ],
    });
    if (ego) { cy.getElementById(ego.node).style({ "border-width": 3, "border-color": "#f0b400" }); }
    cy.fit(undefined, 24);
    cy.on("tap", "node", (event) => { window.location.href = localPath(event.target.id()); });
    remember(chosen);
    analyses(chosen.module);
    tieList(elements);
  }

  function remember(chosen) {
    const params = new URLSearchParams();
    if (chosen.module) { params.set("module", chosen.module); }
    chosen.kinds.forEach((kind) => params.append("kind", kind));
    if (ego) { params.set("ego", ego.label); params.set("radius", ego.radius); }
    history.replaceState(null, "", "/network?" + params.toString());
  }

  // The text equivalent of the drawing: each organisation with the people tied to it.
  function tieList(elements) {
    const labels = new Map(elements.nodes.map((node) => [node.data.id, node.data]));
    const byOrganisation = new Map();
    elements.edges.filter((edge) => INTEREST_KINDS.has(edge.data.kind) || edge.data.kind === "represents")
      .forEach((edge) => {
        const organisation = labels.get(edge.data.target);
        if (!organisation || organisation.type !== "organisation") { return; }
        const people = byOrganisation.get(edge.data.target) || new Map();
        const kinds = people.get(edge.data.source) || new Set();
        kinds.add(edge.data.kind);
        people.set(edge.data.source, kinds);
        byOrganisation.set(edge.data.target, people);
      });
    const rows = [...byOrganisation.entries()].sort((a, b) =>
      b[1].size - a[1].size || labels.get(a[0]).label.localeCompare(labels.get(b[0]).label));
    document.querySelector("#tie-list tbody").replaceChildren(...rows.map(([organisation, people]) => {
      const data = labels.get(organisation);
      const tr = document.createElement("tr");
      const name = document.createElement("th");
      name.scope = "row";
      name.append(link(organisation, data.label), " ");
      const kind = document.createElement("span");
      kind.className = "muted";
      kind.textContent = "(" + (texts.orgKinds[data.org_kind] || data.org_kind) + ")";
      name.append(kind);
      const count = cell(people.size);
      count.dataset.label = texts.people || "";
      const who = document.createElement("td");
      [...people.entries()].sort((a, b) => labels.get(a[0]).label.localeCompare(labels.get(b[0]).label))
        .forEach(([person, kinds], index) => {
          if (index) { who.append("; "); }
          who.append(link(person, labels.get(person).label), " ");
          const how = document.createElement("span");
          how.className = "muted";
          how.textContent = [...kinds].map((k) => texts.kinds[k] || k).join(", ");
          who.append(how);
        });
      tr.append(name, count, who);
      return tr;
    }));
  }

  function link(iri, text) {
    const a = document.createElement("a");
    a.href = localPath(iri);
    a.textContent = text;
    return a;
  }

  function analyses(module) {
    const query = module && !ego ? "?module=" + encodeURIComponent(module) : "";
    fetch("/api/coi/centrality" + query).then((r) => r.json()).then((rows) => {
      const body = document.querySelector("#centrality tbody");
      body.replaceChildren(...rows.slice(0, 12).map((row) => {
        const tr = document.createElement("tr");
        const name = document.createElement("td");
        name.append(link(row.node, row.label));
        tr.append(name, cell(row.degree), cell(row.betweenness.toFixed(3)));
        return tr;
      }));
    });
    fetch("/api/coi/communities" + query).then((r) => r.json()).then((groups) => {
      document.getElementById("communities").replaceChildren(...groups.map((group) => {
        const li = document.createElement("li");
        li.textContent = group.names.join(", ");
        return li;
      }));
    });
  }

  function cell(value) {
    const td = document.createElement("td");
    td.className = "num";
    td.textContent = value;
    return td;
  }

  function showEgo() {
    const name = egoInput.value.trim();
    if (!name) { clearEgo(); return; }
    const radius = egoRadius.value;
    fetch("/api/coi/ego?node=" + encodeURIComponent(name) + "&radius=" + encodeURIComponent(radius))
      .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
      .then(({ ok, body }) => {
        if (!ok) { status.textContent = body.error; return; }
        const found = body.elements.nodes.find((node) => node.data.id === body.node);
        ego = { node: body.node, label: found ? found.data.label : name, radius, elements: body.elements };
        draw();
      });
  }

  function clearEgo() {
    ego = null;
    egoInput.value = "";
    draw();
  }

  form.addEventListener("change", (event) => {
    if (event.target !== egoInput && event.target !== egoRadius) { draw(); }
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); showEgo(); });
  document.getElementById("ego-clear").addEventListener("click", clearEgo);
  fetch("/api/coi/export.json").then((r) => {
    if (!r.ok) { throw new Error(`${r.status} ${r.statusText}`); }
    return r.json();
  }).then((data) => {
    network = data;
    const names = data.elements.nodes.filter((node) => node.data.type === "person" || node.data.type === "organisation")
      .map((node) => node.data.label).sort((a, b) => a.localeCompare(b));
    document.getElementById("ego-names").replaceChildren(...names.map((label) => {
      const option = document.createElement("option");
      option.value = label;
      return option;
    }));
    if (egoInput.value.trim()) { showEgo(); } else { draw(); }
    document.body.dataset.networkReady = "true";
  }).catch((error) => { status.textContent = say("failed", { error: error }); });
})();
