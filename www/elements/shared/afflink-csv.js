// The one CSV reader and writer of the tool elements (the link checker, the link builder and
// the commission calculator): `fileText` reads an opened file (UTF-8 only, as the CLI), `parseCsv`
// reads RFC 4180 text; `csvCell`, `csvRow`, `csvFile` and `downloadCsv` write it, every cell
// quoted and made safe for spreadsheets.
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

/** One CSV row (without its line break), its cells separated by `sep`. */
export function csvRow(cells, sep = ',') {
  return cells.map(csvCell).join(sep);
}

/**
 * A CSV file: a byte order mark (so that spreadsheet programs read it as UTF-8), then every
 * row ended by CRLF, its cells separated by `sep` (the separator of the file read).
 */
export function csvFile(rows, sep = ',') {
  return `\uFEFF${rows.map((row) => csvRow(row, sep)).join('\r\n')}\r\n`;
}

/**
 * Downloads `rows` as the CSV file `filename` (cells separated by `sep`): a link to the file
 * is put in `root` (the element's shadow root) with the class `offscreenClass`, clicked and
 * removed.
 */
export function downloadCsv(root, filename, rows, offscreenClass, sep) {
  const url = URL.createObjectURL(new Blob([csvFile(rows, sep)], { type: 'text/csv;charset=utf-8' }));
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
 * The text of the opened `file` (a byte order mark dropped), or throws
 * `{code: 'unreadable_input', message}` when it is not UTF-8 text, as the CLI does: a
 * workbook (.xlsx, .ods, .numbers, .xls), UTF-16 (Excel's "Unicode Text"), or other bytes
 * (Excel's "CSV (Comma delimited)" in a Windows code page), naming the line.
 */
export async function fileText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const head = String.fromCharCode(...bytes.subarray(0, 4));
  let why = /^(PK\x03\x04|\xd0\xcf\x11\xe0)/.test(head)
    ? 'a spreadsheet workbook (.xlsx, .ods, .numbers or .xls), not CSV'
    : /^(\xff\xfe|\xfe\xff)/.test(head) && 'UTF-16 text (as Excel saves "Unicode Text"), not UTF-8';
  if (!why) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      const text = new TextDecoder().decode(bytes);
      why = `not UTF-8 text (line ${text.slice(0, text.indexOf('\uFFFD')).split(/\r\n|\r|\n/).length} holds bytes that are not)`;
    }
  }
  throw { code: 'unreadable_input', message: `${file.name} is ${why}: save it as "CSV UTF-8".` };
}

/**
 * Parses RFC 4180 CSV: quoted fields (with "" for a quote, and line breaks inside), rows
 * ended by CRLF, LF or CR, a leading byte order mark ignored. A quote opens a quoted field
 * only at the start of a field; elsewhere it is a character of the cell (`10.1" screen`), as
 * the CLI reads it. Returns the records, each `{ line, cells }` with the line it starts on,
 * and the separator as the array's `sep`. Fields are separated by commas, or by what Excel's
 * first line `sep=;` says (that line is then read as blank); given `fits(header cells)`, the
 * first of `,`, `;` and a tab under which the first non-blank record fits (Excel's CSV in
 * locales with a decimal comma, cells pasted from a spreadsheet). Throws
 * `{code: 'invalid_csv', message}` for a quoted field that is never closed.
 */
export function parseCsv(text, fits) {
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sepLine = /^sep=([\t!#-\/:-@[-`{-~])(?=[\r\n]|$)/i.exec(body);
  if (sepLine) body = body.slice(sepLine[0].length);
  const read = (sep) => Object.assign(readCsv(body, sep), { sep });
  if (fits && !sepLine) {
    for (const sep of [',', ';', '\t']) {
      try {
        const records = read(sep);
        const head = records.find((r) => r.cells.some((c) => c.trim() !== ''));
        if (fits(head ? head.cells : [])) return records;
      } catch {
        // Not under this separator; the comma's error is thrown below.
      }
    }
  }
  return read(sepLine ? sepLine[1] : ',');
}

function readCsv(body, sep) {
  // Without a quote, a record is a line and a field what lies between separators: the
  // browser's own split, several times faster than reading character by character (10,000
  // pasted orders are read in the click's task).
  if (!body.includes('"')) {
    const lines = body.split(/\r\n|\r|\n/);
    const records = [];
    for (let k = 0; k < lines.length; k++) {
      if (k === lines.length - 1 && lines[k] === '') break;
      records.push({ line: k + 1, cells: lines[k].split(sep) });
    }
    return records;
  }
  const records = [];
  const special = new RegExp(`[\\${sep}\r\n"]`, 'g');
  let i = 0;
  let fieldStart = 0;
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
    if (ch === sep) {
      row.push(field);
      field = '';
      i = fieldStart = j + 1;
    } else if (ch === '"' && j !== fieldStart) {
      field += ch;
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
      i = fieldStart = ch === '\r' && body[j + 1] === '\n' ? j + 2 : j + 1;
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
