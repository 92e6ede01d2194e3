// The tools' one CSV reader and writer (www/elements/shared/afflink-csv.js), imported as the
// elements import it, against the shared cases of tests/cases/spreadsheet.json: the
// spreadsheet formula rule is the core's (tests/spreadsheet_cases.rs reads the same cells), and
// the reader reads quoted fields, doubled quotes, CRLF, CR, a byte order mark and a missing or
// trailing newline as RFC 4180 says, a quote inside a cell as a character (as the CLI does), and
// `;`, a tab or Excel's `sep=` line as the separator. No browser: the module needs no DOM but for downloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { csvCell, csvFile, csvRow, parseCsv, spreadsheetSafe } from '../../www/elements/shared/afflink-csv.js';

const CASES = JSON.parse(readFileSync(new URL('../cases/spreadsheet.json', import.meta.url), 'utf8'));

test('every shared cell gets the safe form the core gives it', () => {
  assert.ok(CASES.cells.length >= 20, `only ${CASES.cells.length} cells`);
  for (const { cell, safe, why } of CASES.cells) assert.equal(spreadsheetSafe(cell), safe, `${JSON.stringify(cell)}: ${why}`);
});

test('csvCell quotes the safe form and doubles its quotes; null and undefined are empty', () => {
  for (const { cell, safe } of CASES.cells) assert.equal(csvCell(cell), `"${safe.replaceAll('"', '""')}"`, JSON.stringify(cell));
  assert.equal(csvCell(null), '""');
  assert.equal(csvCell(undefined), '""');
  assert.equal(csvCell(-5), `"'-5"`);
  assert.equal(csvCell(12), '"12"');
  assert.equal(csvCell(false), '"false"');
});

test('a written file reads back as the safe cells, row for row', () => {
  const rows = [['cell', 'safe'], ...CASES.cells.map(({ cell }) => [cell, 'x'])];
  const text = csvFile(rows);
  assert.ok(text.startsWith('\uFEFF"cell","safe"\r\n'), 'a byte order mark, then the header');
  assert.ok(text.endsWith('"x"\r\n'), 'every row ends with CRLF');
  assert.equal(csvRow(['a', '=b']), `"a","'=b"`);
  const read = parseCsv(text);
  assert.deepEqual(
    read.map((r) => r.cells),
    [['cell', 'safe'], ...CASES.cells.map(({ safe }) => [safe, 'x'])],
  );
});

test('every shared CSV text is read into its records (cells and starting line), or refused with its code', () => {
  assert.ok(CASES.csv.length >= 10, `only ${CASES.csv.length} CSV cases`);
  for (const c of CASES.csv) {
    if (c.error) {
      assert.throws(() => parseCsv(c.text), (e) => e.code === c.error && e.message === c.errorMessage, c.name);
    } else {
      const fits = c.fits && ((cells) => cells.some((cell) => cell.trim() === c.fits));
      const records = parseCsv(c.text, fits);
      assert.deepEqual([...records], c.records, c.name);
      assert.equal(records.sep, c.sep ?? ',', c.name);
    }
  }
});

test('the CSV cases cover quoting, doubled quotes, CRLF, a byte order mark and the trailing newline', () => {
  const texts = CASES.csv.map((c) => c.text);
  assert.ok(texts.some((t) => t.includes('\r\n')), 'CRLF');
  assert.ok(texts.some((t) => t.startsWith('\uFEFF')), 'a byte order mark');
  assert.ok(texts.some((t) => t.includes('""')), 'doubled quotes');
  assert.ok(texts.some((t) => /"[^"]*,[^"]*"/.test(t)), 'a quoted comma');
  assert.ok(texts.some((t) => t.endsWith('\n')) && texts.some((t) => t !== '' && !/[\r\n]$/.test(t)), 'with and without a trailing newline');
  assert.ok(texts.some((t) => /[^,\n]"[^,\n]/.test(t)), 'a quote inside a cell');
  for (const sep of [';', '\t']) assert.ok(CASES.csv.some((c) => c.sep === sep && c.fits), `${JSON.stringify(sep)} found from the header`);
  assert.ok(texts.some((t) => t.includes('sep=')), "Excel's separator line");
});
