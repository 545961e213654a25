#!/usr/bin/env node
// Fails if the browser app's modules (src/) import each other in a cycle.
//
// Why: a cycle means no module can be read, tested or moved on its own; the shell is
// meant to be layered (app state and words at the bottom, then browser adapters and
// widgets, then the editor, sync and screens, and the root component on top, see
// DESIGN.md). The compiler allows cycles inside one crate, so this watches for them.
//
// An edge is a `crate::a::b` path in code (comments are skipped). A name re-exported by
// a folder's mod.rs (`pub use x::Name;`) counts as an edge to the module that defines
// it, not to the folder, so importing `crate::app::Ui` depends on `app::text` only.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const src = new URL("../src/", import.meta.url).pathname;
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".rs")) files.push(path);
  }
})(src);

const moduleOf = (file) => {
  const parts = relative(src, file).replace(/\.rs$/, "").split(sep);
  if (parts.at(-1) === "mod") parts.pop();
  return parts.join("::");
};
const code = (file) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");

const modules = new Map(files.map((f) => [moduleOf(f), code(f)]));
modules.delete("main");

// `pub use child::{A, B};` in a folder's mod.rs: where each re-exported name lives.
const reexports = new Map();
for (const [name, text] of modules) {
  for (const m of text.matchAll(/pub use (\w+)::(\{[^}]*\}|\w+);/g)) {
    const child = `${name}::${m[1]}`;
    if (!modules.has(child)) continue;
    for (const item of m[2].replace(/[{}]/g, "").split(",")) {
      const item_name = item.trim();
      if (item_name) reexports.set(`${name}::${item_name}`, child);
    }
  }
}

// The longest known module a path names, after resolving a re-exported name.
function target(path) {
  const parts = path.split("::");
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join("::");
    if (reexports.has(prefix)) return reexports.get(prefix);
    if (modules.has(prefix)) return prefix;
  }
  return null;
}

const edges = new Map();
for (const [name, text] of modules) {
  const out = new Set();
  const paths = [];
  for (const m of text.matchAll(/crate::([\w:]+)(::\{([^}]*)\})?/g)) {
    const base = m[1].replace(/::$/, "");
    if (m[3]) for (const item of m[3].split(",")) paths.push(`${base}::${item.trim().split(" ")[0]}`);
    else paths.push(base);
  }
  for (const m of text.matchAll(/\buse super::(\{[^}]*\}|[\w:]+)/g)) {
    const parent = name.split("::").slice(0, -1).join("::");
    for (const item of m[1].replace(/[{}]/g, "").split(",")) {
      const p = item.trim().split(" ")[0];
      if (p) paths.push(parent ? `${parent}::${p}` : p);
    }
  }
  for (const p of paths) {
    const t = target(p.replace(/::self$/, ""));
    if (t && t !== name && !name.startsWith(`${t}::`)) out.add(t);
  }
  edges.set(name, out);
}

// Tarjan's strongly connected components: any with two or more modules is a cycle.
let index = 0;
const idx = new Map(), low = new Map(), stack = [], onStack = new Set(), cycles = [];
function visit(v) {
  idx.set(v, index); low.set(v, index); index++;
  stack.push(v); onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const component = [];
    let w;
    do { w = stack.pop(); onStack.delete(w); component.push(w); } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const v of edges.keys()) if (!idx.has(v)) visit(v);

if (cycles.length) {
  for (const c of cycles) {
    console.error(`import cycle among: ${c.join(", ")}`);
    for (const v of c) {
      const inCycle = [...edges.get(v)].filter((w) => c.includes(w));
      console.error(`  ${v} -> ${inCycle.join(", ")}`);
    }
  }
  process.exit(1);
}
console.log(`check-cycles: ${modules.size} modules of src/, no import cycle`);
