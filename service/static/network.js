// The conflict-of-interest network page: draws /api/coi/export.json with Cytoscape.js,
// filtered by module and tie kind; the analyses come from /api/coi/centrality and /communities.
// Fixed texts come translated from the page (#network-texts, filled by service/i18n.py).
(function () {
  "use strict";
  const form = document.getElementById("network-filter");
  const status = document.getElementById("network-status");
  const base = form.dataset.base;
  const texts = JSON.parse(document.getElementById("network-texts").textContent);
  const colours = { person: "#1f5fa8", organisation: "#c0602b", module: "#2e7d4f", guideline: "#6b4fa0" };
  let network = null;
  let cy = null;

  // The translated text `key`, its {placeholders} filled from `values`.
  function say(key, values) {
    return texts[key].replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function localPath(iri) {
    return iri.startsWith(base) ? "/" + iri.slice(base.length) : iri;
  }

  function choice() {
    const data = new FormData(form);
    return { module: data.get("module") || "", kinds: data.getAll("kind") };
  }

  function filtered(chosen) {
    const edges = network.elements.edges.filter((edge) =>
      chosen.kinds.includes(edge.data.kind) &&
      (!chosen.module || edge.data.module === chosen.module || edge.data.target === base + "module/" + chosen.module));
    const used = new Set();
    edges.forEach((edge) => { used.add(edge.data.source); used.add(edge.data.target); });
    const nodes = network.elements.nodes.filter((node) => used.has(node.data.id));
    return { nodes, edges };
  }

  function draw() {
    const chosen = choice();
    const elements = filtered(chosen);
    const counts = {};
    elements.nodes.forEach((node) => { counts[node.data.type] = (counts[node.data.type] || 0) + 1; });
    status.textContent = say("status", {
      people: counts.person || 0, organisations: counts.organisation || 0, ties: elements.edges.length,
    }) + (chosen.module ? say("inModule", { module: chosen.module }) : "");
    status.dataset.people = counts.person || 0;
    status.dataset.ties = elements.edges.length;
    if (cy) { cy.destroy(); }
    cy = cytoscape({
      container: document.getElementById("network"),
      elements: [...elements.nodes, ...elements.edges],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000 },
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 9, width: 14, height: 14,
          "background-color": (node) => colours[node.data("type")] || "#888", "text-wrap": "ellipsis", "text-max-width": 90 } },
        { selector: "edge", style: { width: 1, "line-color": "#b8c0cc", "curve-style": "haystack", opacity: 0.7 } },
      ],
    });
    cy.on("tap", "node", (event) => { window.location.href = localPath(event.target.id()); });
    const params = new URLSearchParams();
    if (chosen.module) { params.set("module", chosen.module); }
    chosen.kinds.forEach((kind) => params.append("kind", kind));
    history.replaceState(null, "", "/network?" + params.toString());
    analyses(chosen.module);
  }

  function analyses(module) {
    const query = module ? "?module=" + encodeURIComponent(module) : "";
    fetch("/api/coi/centrality" + query).then((r) => r.json()).then((rows) => {
      const body = document.querySelector("#centrality tbody");
      body.replaceChildren(...rows.slice(0, 12).map((row) => {
        const tr = document.createElement("tr");
        const link = document.createElement("a");
        link.href = localPath(row.node);
        link.textContent = row.label;
        const name = document.createElement("td");
        name.append(link);
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

  form.addEventListener("change", draw);
  fetch("/api/coi/export.json").then((r) => {
    if (!r.ok) { throw new Error(`${r.status} ${r.statusText}`); }
    return r.json();
  }).then((data) => {
    network = data;
    draw();
    document.body.dataset.networkReady = "true";
  }).catch((error) => { status.textContent = say("failed", { error: error }); });
})();
