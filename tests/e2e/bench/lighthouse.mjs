// Lighthouse (pinned in tests/lighthouse/package.json, `scripts/setup.sh lighthouse`) on
// dist/ served with gzip, as a static host serves it: the default mobile profile (a
// throttled mid-range phone on a slow 4G network), all categories. Part of `make bench`;
// by hand: node tests/e2e/bench/lighthouse.mjs (prints the figures and the audits that
// failed). The whole report stays in target/bench/lighthouse.json. Debian's Chromium runs it (CHROME_PATH); audits that error on it (Chromium 156
// lacks a trace event some need: "frame_sequence") are listed, the scores still come.
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '../lib/server.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'tests/lighthouse/node_modules/.bin/lighthouse');
// The e2e tests' flags (lib/browser.mjs): no first-run, sync or update traffic.
const FLAGS = '--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';

/** Runs Lighthouse once on dist/; resolves to its figures and the audits it failed. */
export async function lighthouse() {
  // gzip, which every static host can do, and the cache headers README "Hosting" asks for.
  const server = await serve({ encodings: ['gzip'], hosted: true });
  const out = path.join(ROOT, 'target/bench/lighthouse.json');
  await mkdir(path.dirname(out), { recursive: true });
  try {
    await promisify(execFile)(CLI, [server.url, '--output=json', `--output-path=${out}`, '--quiet', `--chrome-flags=${FLAGS}`], {
      env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' },
      maxBuffer: 1 << 26,
    });
    const report = JSON.parse(await readFile(out, 'utf8'));
    const audit = (id) => report.audits[id]?.numericValue ?? null;
    const scores = Object.fromEntries(Object.entries(report.categories).map(([k, c]) => [k, c.score == null ? null : Math.round(c.score * 100)]));
    // What is worth fixing: scored audits below 0.9; errors apart.
    const failed = [];
    const errored = [];
    for (const a of Object.values(report.audits)) {
      if (a.scoreDisplayMode === 'error') errored.push(a.id);
      else if (a.score != null && a.score < 0.9 && ['binary', 'numeric', 'metricSavings'].includes(a.scoreDisplayMode)) {
        failed.push(`${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`);
      }
    }
    return {
      chromium: report.environment?.hostUserAgent?.match(/Chrome\/([\d.]+)/)?.[1] ?? null,
      lighthouse: report.lighthouseVersion,
      form_factor: report.configSettings.formFactor,
      scores,
      fcp_ms: audit('first-contentful-paint'),
      lcp_ms: audit('largest-contentful-paint'),
      tbt_ms: audit('total-blocking-time'),
      total_bytes: audit('total-byte-weight'),
      failed,
      errored,
    };
  } finally {
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await lighthouse(), null, 2));
}
