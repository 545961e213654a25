// The floor: what rendering okrpad's editor costs with no framework at all. Reads the
// open document from localStorage as the app does, scores it roughly (latest check-in
// against the metric; children averaged) and builds the same markup as the editor:
// cards with a level select, a title input, a status pill, meta line, progress bar,
// key-result rows with their inputs, and, as the app does for every card that is not
// the active one, no action buttons but one "Actions" button per card (the key
// results' button cell is there, empty). Like
// the app, a document of more than 300 objectives shows two levels below the roots
// and keeps deeper ones collapsed, so both build the same cards.
const LARGE_DOCUMENT = 300;
const LEVELS = ['company', 'department', 'team', 'individual'];

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'value') node.value = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function load() {
  const library = JSON.parse(localStorage.getItem('okrpad.library.v1'));
  return JSON.parse(localStorage.getItem(`okrpad.doc.${library.current}`));
}

function score(doc) {
  const byId = new Map(doc.objectives.map((o) => [o.id, o]));
  const children = new Map();
  for (const o of doc.objectives) {
    if (o.parent_kr) children.set(o.parent_kr, [...(children.get(o.parent_kr) ?? []), o.id]);
  }
  const memo = new Map();
  const objective = (id, depth = 0) => {
    if (memo.has(id) || depth > 64) return memo.get(id) ?? 0;
    const o = byId.get(id);
    const krs = o.key_results.map((k) => kr(k, depth));
    const p = krs.length ? krs.reduce((a, b) => a + b, 0) / krs.length : 0;
    memo.set(id, p);
    return p;
  };
  const kr = (k, depth) => {
    const last = k.check_ins.at(-1)?.value;
    const m = k.metric;
    if (!m) return 0;
    if (m.kind === 'milestone') return last >= 1 ? 1 : 0;
    if (m.kind === 'children') {
      const ids = children.get(k.id) ?? [];
      return ids.length ? ids.reduce((a, id) => a + objective(id, depth + 1), 0) / ids.length : 0;
    }
    const p = ((last ?? m.start ?? 0) - (m.start ?? 0)) / (m.target - (m.start ?? 0));
    return Math.min(1, Math.max(0, p || 0));
  };
  return { objective, kr };
}

const pct = (p) => `${Math.round(p * 100)}%`;
const status = (p) => (p >= 0.7 ? 'on_track' : p >= 0.4 ? 'at_risk' : 'off_track');

function keyResult(k, progress) {
  const m = k.metric ?? {};
  const last = k.check_ins.at(-1)?.value;
  const figures = m.kind === 'number' ? `${last ?? m.start} / ${m.target} ${m.unit ?? ''}` : m.kind === 'milestone' ? (last >= 1 ? '✓' : '○') : '';
  return el('li', { class: 'kr', 'data-kr-id': k.id }, [
    el('span', { class: 'kr-title' }, [
      el('span', { class: 'visually-hidden', text: k.title }),
      el('input', { type: 'text', id: `kr-title-${k.id}`, class: 'title-input', 'data-testid': 'kr-title', 'aria-label': '关键结果', placeholder: '关键结果', value: k.title }),
    ]),
    el('span', { class: 'kr-figures', 'data-testid': 'kr-figures', text: figures }),
    el('span', { class: 'kr-progress', 'data-testid': 'kr-progress', text: pct(progress) }),
    el('span', { class: `pill status-${status(progress)}`, 'data-testid': 'kr-status', text: status(progress) }),
    el('span', { class: 'kr-actions' }),
  ]);
}

function card(o, scores, hasChildren, collapsed) {
  const p = scores.objective(o.id);
  const select = el('select', { 'data-testid': 'objective-level', 'aria-label': '层级' },
    LEVELS.map((l) => el('option', { value: l, text: l })));
  select.value = o.level;
  const head = el('header', { class: 'card-head' }, [
    ...(hasChildren ? [el('button', { type: 'button', class: 'collapse', 'data-testid': 'collapse', text: collapsed ? '▸' : '▾' })] : []),
    select,
    el('span', { class: 'objective-title' }, [
      el('span', { class: 'visually-hidden', text: o.title }),
      el('input', { type: 'text', id: `o-title-${o.id}`, class: 'title-input', 'data-testid': 'objective-title', 'aria-label': '目标', placeholder: '目标', value: o.title }),
    ]),
    el('span', { class: `pill status-${status(p)}`, 'data-testid': 'objective-status', text: status(p) }),
  ]);
  const period = o.period ? `${o.period.start} – ${o.period.end}` : '';
  const fill = el('div', { class: 'bar-fill' });
  fill.style.width = pct(p);
  return el('article', { class: `card level-${o.level}` }, [
    head,
    el('p', { class: 'meta' }, [el('span', { class: 'owner', text: `负责人：${o.owner}` }), el('span', { class: 'period', text: period }), el('span', { class: 'kind', text: o.kind })]),
    el('div', { class: 'bar', role: 'progressbar', 'aria-valuenow': String(Math.round(p * 100)) }, [fill, el('div', { class: 'bar-expected' })]),
    el('p', { class: 'progress-line' }, [el('span', { class: 'progress-value', 'data-testid': 'objective-progress', text: pct(p) })]),
    el('ul', { class: 'key-results' }, o.key_results.map((k) => keyResult(k, scores.kr(k, 0)))),
    el('button', { type: 'button', class: 'actions-toggle', 'data-testid': 'card-actions-toggle', 'aria-expanded': 'false', text: '操作' }),
  ]);
}

function render() {
  const doc = load();
  const scores = score(doc);
  const children = new Map();
  const roots = [];
  for (const o of doc.objectives) {
    if (o.parent) children.set(o.parent, [...(children.get(o.parent) ?? []), o]);
    else roots.push(o);
  }
  const large = doc.objectives.length > LARGE_DOCUMENT;
  const node = (o, nesting) => {
    const kids = children.get(o.id) ?? [];
    const collapsed = large && nesting >= 2;
    const li = el('li', { role: 'treeitem', class: 'node', 'data-objective-id': o.id }, [card(o, scores, kids.length > 0, collapsed)]);
    if (kids.length && !collapsed) li.append(el('ul', { role: 'group', class: 'children' }, kids.map((k) => node(k, nesting + 1))));
    return li;
  };
  document.body.append(
    el('main', { class: 'app' }, [
      el('div', { class: 'layout', 'data-screen': 'editor' }, [
        el('section', { class: 'tree-panel' }, [el('ul', { role: 'tree', class: 'tree' }, roots.map((o) => node(o, 0)))]),
      ]),
    ]),
  );
}

render();
