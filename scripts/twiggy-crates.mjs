// Sums `twiggy top --format csv` by crate, for `make size` (scripts/size-wasm.sh): which
// crates the Wasm's bytes are. An item belongs to the crate its demangled name starts
// with; `<T as Trait>::f` to T's crate (the trait's when T is a primitive), and
// `core::ptr::drop_in_place<T>` to T's, since that glue is T's cost. Other generic code
// counts where it is defined (a `Vec<T>` method of the app's T is `alloc`'s): the
// roll-up says where code was written, twiggy `top` above what it was written for.
// Usage: node scripts/twiggy-crates.mjs top.csv
import { readFileSync } from 'node:fs';

const [header, ...lines] = readFileSync(process.argv[2], 'utf8').trim().split('\n').map(csv);
const name = header.indexOf('Name');
const size = header.indexOf('ShallowSize');

/** One CSV line's fields (names hold commas, so they come quoted). */
function csv(line) {
  const out = [];
  for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
    out.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
    if (!m[2]) break;
  }
  return out;
}

const PRIMITIVE = /^(?:[&*(\[]|mut |const |dyn |str$|bool$|char$|[iuf](?:8|16|32|64|128|size)$)/;

/** The crate an item's name names, or a bracketed kind for what is not Rust code. */
function crateOf(n) {
  if (/^data segment /.test(n)) return '(data segments: strings, tables)';
  let s = n;
  const drop = /^core::ptr::drop_in_place<(.*)>(?:::h[0-9a-f]{16})?$/.exec(s);
  if (drop) s = drop[1];
  while (s.startsWith('<')) {
    // `<T as Trait>`: T's crate, or Trait's when T is a primitive, a reference or a tuple.
    const inner = s.slice(1);
    const t = inner.replace(/^(?:&|mut |const |\*const |\*mut |dyn )+/, '');
    const as = inner.indexOf(' as ');
    s = PRIMITIVE.test(t) && as > 0 ? inner.slice(as + 4) : t;
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(s);
  return m ? m[1] : '(no crate path: Wasm imports, exports, tables, glue)';
}

const sums = new Map();
let total = 0;
for (const l of lines) {
  const bytes = Number(l[size]);
  // The names themselves are not in dist/'s Wasm.
  if (!Number.isFinite(bytes) || l[name] === '"function names" subsection') continue;
  const c = crateOf(l[name]);
  sums.set(c, (sums.get(c) ?? 0) + bytes);
  total += bytes;
}
const rows = [...sums].sort((a, b) => b[1] - a[1]);
const w = Math.max(...rows.map(([c]) => c.length), 5);
console.log(`${'crate'.padEnd(w)} ${'bytes'.padStart(9)} ${'share'.padStart(6)}`);
for (const [c, b] of rows.slice(0, 30)) {
  console.log(`${c.padEnd(w)} ${String(b).padStart(9)} ${((100 * b) / total).toFixed(1).padStart(5)}%`);
}
if (rows.length > 30) console.log(`… and ${rows.length - 30} more crates`);
console.log(`${'total'.padEnd(w)} ${String(total).padStart(9)}`);
