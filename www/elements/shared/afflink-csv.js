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
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Without a quote, a record is a line and a field what lies between commas: the browser's
  // own split, several times faster than reading character by character (10,000 pasted
  // orders are read in the click's task).
  if (!body.includes('"')) {
    const lines = body.split(/\r\n|\r|\n/);
    const records = [];
    for (let k = 0; k < lines.length; k++) {
      if (k === lines.length - 1 && lines[k] === '') break;
      records.push({ line: k + 1, cells: lines[k].split(',') });
    }
    return records;
  }
  const records = [];
  const special = /[,\r\n"]/g;
  let i = 0;
  let line = 1;
  let start = 1;
  let row = [];
  let field = '';
  for (;;) {
    special.lastIndex = i;
    const m = special.exec(body);
    const j = m ? m.index : body.length;
    if (j > i) field += body.slice(i, j);
    if (!m) break;
    const ch = body[j];
    if (ch === ',') {
      row.push(field);
      field = '';
      i = j + 1;
    } else if (ch === '"') {
      // A quoted part: up to the next lone quote; "" is a quote, line breaks are kept.
      const quoteLine = line;
      let k = j + 1;
      for (;;) {
        const q = body.indexOf('"', k);
        const stop = q === -1 ? body.length : q;
        for (let c = k; c < stop; c++) {
          const code = body.charCodeAt(c);
          if (code === 10 || (code === 13 && body.charCodeAt(c + 1) !== 10)) line++;
        }
        field += body.slice(k, stop);
        if (q === -1) {
          throw { code: 'invalid_csv', message: `The CSV cannot be read: the quoted field that starts on line ${quoteLine} is never closed.` };
        }
        if (body[q + 1] === '"') {
          field += '"';
          k = q + 2;
        } else {
          k = q + 1;
          break;
        }
      }
      i = k;
    } else {
      i = ch === '\r' && body[j + 1] === '\n' ? j + 2 : j + 1;
      row.push(field);
      records.push({ line: start, cells: row });
      row = [];
      field = '';
      line++;
      start = line;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    records.push({ line: start, cells: row });
  }
  return records;
}
