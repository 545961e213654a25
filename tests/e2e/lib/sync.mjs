// What the sync tests share: a small team document, and the moves a user makes with
// files (download an export, pick a file) and what they then check (titles, storage).
import { readFile } from 'node:fs/promises';
import { reveal } from './editor.mjs';

export const DOC = {
  okrpad: 1,
  title: 'North team Q1',
  objectives: [
    {
      id: 'o1',
      title: 'Win the north region enterprise market',
      owner: 'Li',
      level: 'team',
      period: { start: '2026-01-01', end: '2026-03-31' },
      key_results: [
        {
          id: 'k1',
          title: 'Sign 10 new enterprise deals',
          owner: 'Li',
          metric: { kind: 'number', start: 0, target: 10 },
          check_ins: [{ date: '2026-02-01', value: 5 }],
        },
        {
          id: 'k2',
          title: 'Reach 3 million yuan in new contracts',
          owner: 'Wang',
          metric: { kind: 'number', start: 0, target: 300, unit: '万元' },
          check_ins: [],
        },
      ],
    },
  ],
};

/** A copy of DOC with `change` applied. */
export function variant(change) {
  const copy = structuredClone(DOC);
  change(copy);
  return copy;
}

export const titles = (page) =>
  page.locator('[role=tree] [data-testid=objective-title]').evaluateAll((els) => els.map((el) => el.value));

export async function download(page, button) {
  const control = await reveal(page, button);
  const [file] = await Promise.all([page.waitForEvent('download'), control.click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

export async function pickFile(page, name, text) {
  await page.locator('[data-testid=import-file]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

export async function stored(page) {
  return page.evaluate(() => {
    const library = JSON.parse(localStorage.getItem('okrpad.library.v1') ?? '{"documents":[]}');
    return { library, docs: library.documents.map((d) => JSON.parse(localStorage.getItem(`okrpad.doc.${d.id}`) ?? 'null')) };
  });
}
