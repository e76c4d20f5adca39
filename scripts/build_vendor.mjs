// Copies the pinned front-end packages from node_modules into pveplan/static/vendor.
// Run by `make setup` (npm run build); the output is git-ignored and never fetched from a CDN.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const out = "pveplan/static/vendor";
const files = {
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
  "d3-array/dist/d3-array.min.js": "d3-array.min.js",
  "d3-geo/dist/d3-geo.min.js": "d3-geo.min.js",
  "topojson-client/dist/topojson-client.min.js": "topojson-client.min.js",
  "world-atlas/countries-50m.json": "world-atlas/countries-50m.json",
  "world-atlas/LICENSE": "world-atlas/LICENSE",
};

rmSync(out, { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  mkdirSync(dirname(join(out, to)), { recursive: true });
  cpSync(join("node_modules", from), join(out, to));
}

// Fonts: regular and bold of Noto Sans (Latin, Cyrillic) and Noto Sans Arabic, with only the
// font files their stylesheets name, so static collection finds every url() it rewrites.
for (const family of ["noto-sans", "noto-sans-arabic"]) {
  const src = join("node_modules/@fontsource", family);
  const dest = join(out, "fonts", family);
  mkdirSync(join(dest, "files"), { recursive: true });
  let css = "";
  for (const weight of ["400", "700"]) css += readFileSync(join(src, `${weight}.css`), "utf8");
  // Keep only woff2 sources: every browser we support reads them.
  css = css.replace(/,\s*url\(\.\/files\/[^)]+\.woff\) format\('woff'\)/g, "");
  for (const [, name] of css.matchAll(/url\(\.\/files\/([^)]+)\)/g)) {
    cpSync(join(src, "files", name), join(dest, "files", name));
  }
  writeFileSync(join(dest, "fonts.css"), css);
  cpSync(join(src, "LICENSE"), join(dest, "LICENSE"));
}
console.log(`front-end packages copied into ${out}`);
