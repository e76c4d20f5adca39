// Draws the registry's world map: each country coloured by the status of its most recent
// national plan. Data comes from the page (json_script "map-data"); shapes from the offline
// world-atlas TopoJSON (Natural Earth, ids are M49 codes). Redraws after htmx swaps the results.
(function () {
  "use strict";
  let topologyPromise = null;

  function loadTopology(url) {
    if (!topologyPromise) {
      topologyPromise = fetch(url, { credentials: "same-origin" }).then((r) => r.json());
    }
    return topologyPromise;
  }

  function draw() {
    const container = document.getElementById("world-map");
    const dataNode = document.getElementById("map-data");
    if (!container || !dataNode || !window.d3 || !window.topojson) return;
    const rows = JSON.parse(dataNode.textContent);
    const byM49 = new Map(rows.map((row) => [String(Number(row.m49)), row]));

    loadTopology(container.dataset.topology).then((topology) => {
      const countries = window.topojson.feature(topology, topology.objects.countries);
      const width = 960;
      const height = 470;
      const projection = window.d3.geoEqualEarth().fitSize([width, height], { type: "Sphere" });
      const path = window.d3.geoPath(projection);
      const svgNS = "http://www.w3.org/2000/svg";
      const svg = document.createElementNS(svgNS, "svg");
      svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", container.dataset.label || "");
      svg.setAttribute("dir", "ltr");

      const sphere = document.createElementNS(svgNS, "path");
      sphere.setAttribute("d", path({ type: "Sphere" }));
      sphere.setAttribute("class", "sphere");
      svg.appendChild(sphere);

      for (const feature of countries.features) {
        const d = path(feature);
        if (!d) continue;
        const row = feature.id ? byM49.get(String(Number(feature.id))) : undefined;
        const shape = document.createElementNS(svgNS, "path");
        shape.setAttribute("d", d);
        shape.setAttribute("class", `country status-${row ? row.status : "none"}`);
        if (row) {
          const title = document.createElementNS(svgNS, "title");
          const count = row.plans > 1 ? ` (${row.plans})` : "";
          title.textContent = `${row.name}: ${row.status_label}${count}`;
          shape.appendChild(title);
          const link = document.createElementNS(svgNS, "a");
          const params = new URLSearchParams(window.location.search);
          params.set("country", row.iso3);
          params.delete("page");
          link.setAttribute("href", `${container.dataset.registryUrl}?${params.toString()}`);
          link.appendChild(shape);
          svg.appendChild(link);
        } else {
          svg.appendChild(shape);
        }
      }
      container.replaceChildren(svg);
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
