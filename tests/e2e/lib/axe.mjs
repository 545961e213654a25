// axe-core's accessibility checks, run in the page: what the e2e suites assert on.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Loads axe into the page. Evaluated through the debugger protocol rather than added as
 * a <script>: the page's Content-Security-Policy refuses inline scripts, as it should.
 */
export async function injectAxe(page) {
  if (await page.evaluate(() => 'axe' in window)) return;
  const source = await readFile(AXE, 'utf8');
  await page.evaluate(`${source}\n;window.axe = axe;`);
}

/** Runs axe on the page; resolves to a report of its serious and critical findings. */
export async function axeProblems(page, what) {
  await injectAxe(page);
  // Colours are measured mid-fade otherwise (buttons fade in on hover and focus).
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  const { violations } = await page.evaluate(() => axe.run(document));
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return serious.map(
    (v) =>
      `${what}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
      v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`).join('\n'),
  );
}

/** Fails the test with axe's report when there is anything in `problems`. */
export function assertNoProblems(problems) {
  assert.equal(problems.length, 0, `axe found serious or critical problems:\n${problems.join('\n')}`);
}
