// The one CSV reader and writer of the tool elements (the link checker, the link builder and
// the commission calculator): `parseCsv` reads RFC 4180 text; `csvCell`, `csvRow`, `csvFile`
// and `downloadCsv` write it, every cell quoted and made safe for spreadsheets.
//
// The spreadsheet rule (`spreadsheetSafe`) is the same as the core's
// (`afflink::spreadsheet_safe` in src/spreadsheet.rs): both are checked against the cases of
// tests/cases/spreadsheet.json (tests/spreadsheet_cases.rs, tests/e2e/csv.test.mjs), which
// also hold the reader's cases. Nothing here touches the DOM but `downloadCsv`, so the module
// also loads in Node.

/** Cells a spreadsheet would run as a formula: they start with `=`, `+`, `-`, `@`, a tab or a CR. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as a spreadsheet shows it: a formula-looking cell gets a leading `'`; others are unchanged. */
export function spreadsheetSafe(cell) {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** One CSV cell, quoted (`"` doubled) and made spreadsheet-safe; null and undefined are empty. */
export function csvCell(value) {
  return `"${spreadsheetSafe(value == null ? '' : String(value)).replace(/"/g, '""')}"`;
}

/** One CSV row (without its line break). */
export function csvRow(cells) {
  return cells.map(csvCell).join(',');
}

/**
 * A CSV file: a byte order mark (so that spreadsheet programs read it as UTF-8), then every
 * row ended by CRLF.
 */
export function csvFile(rows) {
  return `\uFEFF${rows.map(csvRow).join('\r\n')}\r\n`;
}

/**
 * Downloads `rows` as the CSV file `filename`: a link to the file is put in `root` (the
 * element's shadow root) with the class `offscreenClass`, clicked and removed.
 */
export function downloadCsv(root, filename, rows, offscreenClass) {
  const url = URL.createObjectURL(new Blob([csvFile(rows)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.className = offscreenClass;
  root.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * Parses RFC 4180 CSV: quoted fields (with "" for a quote, and line breaks inside), rows
 * ended by CRLF, LF or CR, a leading byte order mark ignored. Returns the records, each
 * `{ line, cells }` with the line it starts on. Throws `{code: 'invalid_csv', message}` for
 * a quoted field that is never closed.
 */
export function parseCsv(text) {
  const records = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let start = 1;
  let row = [];
  let field = '';
  let quoted = false;
  let quoteLine = 1;
  const endRecord = () => {
    row.push(field);
    records.push({ line: start, cells: row });
    row = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += ch;
  }
  if (quoted) {
    throw { code: 'invalid_csv', message: `The CSV cannot be read: the quoted field that starts on line ${quoteLine} is never closed.` };
  }
  if (field !== '' || row.length > 0) endRecord();
  return records;
}
