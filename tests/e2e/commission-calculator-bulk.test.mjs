// Browser test of the commission calculator's many orders (CSV): every row of
// tests/cases/commission.csv pasted, a file opened from disk, history and payouts, and the
// download (formula-looking cells neutralised), files as spreadsheets save them (`;`, tabs,
// workbooks, UTF-16, a Windows code page). Run after `bash scripts/build.sh`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCsv, useBrowser } from './harness.mjs';
import { assertBulkRow, calc, CASES, cents, CSV_TEXT, DEFAULT_NAMES, estimateCsv, fieldProblem, HEADER, label, LABELS, onDefaults, readBulkRows, result, RESULT_COLUMNS, settled, sumCents, toCsv, totals } from './commission-calculator-helpers.mjs';

const { openPage } = useBrowser();

test('many orders: every row of commission.csv pasted, totals, periods, payouts and the download', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    // The whole file: its columns are order fields plus expectations, which are ignored.
    await estimateCsv(page, CSV_TEXT, CASES.length);
    const rows = await readBulkRows(page);
    assert.equal(rows.length, CASES.length, 'one result row per CSV row');
    assert.deepEqual(
      rows.map((r) => r.line),
      CASES.map((_, i) => String(i + 2)),
      'Line is the line of the CSV',
    );
    // previousPeriodSales is context, not an order field: the rows that need it are checked below.
    const free = CASES.map((c, i) => [c, rows[i]]).filter(([c]) => onDefaults(c));
    for (const [c, row] of free) assertBulkRow(row, c);

    const shownTotals = await totals(page);
    assert.equal(shownTotals.orders, String(CASES.length));
    // The CSV box takes no exchange rates: the non-USD rows are refused (missing_exchange_rate).
    assert.equal(shownTotals.errors, String(CASES.filter((c) => c.expectError || c.exchangeRates).length));
    const estimatedAll = cents(shownTotals.estimated);
    assert.equal(estimatedAll, sumCents(rows.filter((r) => r.status !== 'error').map((r) => cents(r.commission))), 'the total is the sum of the lines');
    const status = await calc(page).locator('.cc-bulk-status').textContent();
    assert.match(status, new RegExp(`^${CASES.length} orders: .* Estimated commission: ${shownTotals.estimated.replace('.', '\\.')} USD\\.$`));

    // Per calculation period and payouts.
    const periods = await calc(page).locator('.cc-periods tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.ok(periods.length > 3);
    const aePeriods = periods.filter((p) => p[0] === 'AliExpress');
    assert.ok(aePeriods.length > 3 && aePeriods.every((p) => /^\d{4}-\d{2}-10 to \d{4}-\d{2}-09$/.test(p[1])), 'AliExpress periods run from the 10th to the 9th');
    assert.ok(periods.filter((p) => p[0] === 'Alibaba.com').every((p) => /^\d{4}-\d{2}-01 to \d{4}-\d{2}-(28|29|30|31)$/.test(p[1])), 'Alibaba.com totals are by calendar month');
    for (const p of periods) assert.equal(cents(p[6]), cents(p[4]) + cents(p[5]), 'net is commission plus adjustments');
    const payouts = await calc(page)
      .locator('.cc-payouts tbody tr')
      .evaluateAll((trs) => trs.map((tr) => ({ program: tr.dataset.program, cells: [...tr.cells].map((c) => c.textContent) })));
    assert.deepEqual(payouts.map((p) => p.program).sort(), ['alibaba', 'aliexpress']);
    // Every money column says its currency.
    assert.deepEqual(await calc(page).locator('.cc-payouts thead th').allTextContents(), ['Program', 'Balance (USD)', 'Minimum (USD)', 'Fee (USD)', 'Withdrawable', 'Net (USD)', 'Note']);
    for (const p of payouts) {
      const [, balance, minimum, fee, withdrawable, net] = p.cells;
      assert.equal(minimum, '16.00');
      assert.equal(fee, '15.00');
      assert.equal(withdrawable, 'yes');
      assert.equal(cents(net), cents(balance) - 1500n, 'net is the balance minus the fee');
    }
    assert.equal(
      sumCents(payouts.map((p) => cents(p.cells[1]))),
      estimatedAll,
      'the payout balances add up to the estimate',
    );

    // The download: every input column, then the results; formula-like cells neutralised.
    const [download] = await Promise.all([page.waitForEvent('download'), calc(page).getByRole('button', { name: 'Download CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'afflink-commissions.csv');
    const text = readFileSync(await download.path(), 'utf8');
    assert.ok(text.startsWith('\uFEFF'), 'starts with a byte order mark');
    const table = parseCsv(text.slice(1));
    assert.equal(table.length, CASES.length + 1);
    assert.deepEqual(table[0], [...HEADER, ...RESULT_COLUMNS]);
    const col = (name) => table[0].indexOf(name);
    table.slice(1).forEach((r, i) => {
      const c = CASES[i];
      assert.equal(r[col('case')], c.case);
      const amount = c.amount.startsWith('-') ? `'${c.amount}` : c.amount;
      assert.equal(r[col('amount')], amount, `${c.case}: amount as given (neutralised when it starts with -)`);
      if (c.expectError) {
        assert.ok(r[col('error')].endsWith(` [${c.expectError}]`), `${c.case}: error column ${r[col('error')]}`);
        assert.equal(r[col('commission')], '');
      } else if (onDefaults(c)) {
        assert.equal(r[col('qualifies')], c.expectQualifies);
        assert.equal(r[col('ratePercent')], c.expectRatePercent);
        assert.equal(r[col('commission')], c.expectCommission);
        // "message [code]; message [code]" (messages may hold "; " themselves).
        assert.deepEqual(
          [...r[col('reasons')].matchAll(/ \[([a-z_]+)\](?:; |$)/g)].map((m) => m[1]),
          c.expectReasons ? c.expectReasons.split('|') : [],
          `${c.case}: reasons column ${r[col('reasons')]}`,
        );
      }
    });
    for (const row of table) {
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${JSON.stringify(cell)} could run as a formula`);
    }
    assert.equal(await calc(page).locator('.cc-action-status').textContent(), `Downloaded afflink-commissions.csv (${CASES.length} rows).`);

    // The same rows grouped by their previous-period sales and card, each group estimated
    // with that value and card: every row then meets its expectation, each group's total is
    // the sum of its expectCommission, and the groups add up to the expectCommission column
    // (rows with exchange rates aside: the calculator's CSV takes USD amounts).
    const groups = new Map();
    const inUsd = CASES.filter((c) => c.exchangeRates === '');
    for (const c of inUsd) {
      const key = `${c.previousPeriodSales}|${c.rates}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    assert.ok(groups.size > 3);
    let groupTotal = 0n;
    for (const [key, cases] of groups) {
      const [sales, rates] = key.split('|');
      const named = rates ? cases[0].program : null;
      for (const program of ['aliexpress', 'alibaba']) {
        await label(page, LABELS.program).selectOption(program);
        await label(page, LABELS.card).selectOption(program === named ? rates : DEFAULT_NAMES[program]);
      }
      await label(page, "Previous period's sales for every order (USD)").fill(sales);
      const lines = [HEADER, ...cases.map((c) => HEADER.map((h) => c[h]))];
      await estimateCsv(page, toCsv(lines), cases.length);
      const groupRows = await readBulkRows(page);
      assert.equal(groupRows.length, cases.length);
      cases.forEach((c, i) => assertBulkRow(groupRows[i], c));
      const expected = sumCents(cases.filter((c) => !c.expectError).map((c) => cents(c.expectCommission)));
      const shown = cents((await totals(page)).estimated);
      assert.equal(shown, expected, `previous-period sales ${JSON.stringify(sales)}, card ${rates || 'default'}: estimated total`);
      groupTotal += shown;
    }
    const expectAll = sumCents(inUsd.filter((c) => !c.expectError).map((c) => cents(c.expectCommission)));
    assert.equal(groupTotal, expectAll, 'the groups add up to the sum of the expectCommission column');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('many orders: a CSV file (CRLF, quoted fields) opened from disk, and the example', async () => {
  const { context, page, problems, requests } = await openPage();
  try {
    await settled(page);
    const before = requests.length;
    await label(page, 'Or open a CSV file').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${CSV_TEXT}`) });
    await calc(page).locator('.cc-bulk-status').filter({ hasText: `${CASES.length} orders` }).waitFor();
    assert.equal(await calc(page).locator('.cc-lines tbody tr').count(), CASES.length);
    assert.equal(await calc(page).locator('.cc-action-status').textContent(), 'Opened orders.csv.');
    // The estimate runs in the tools' worker, which loads the site's own script and wasm
    // files; nothing else is requested, and nothing is sent.
    const after = requests.slice(before);
    assert.deepEqual(after.filter((u) => !/\/(afflink-tools-worker\.js|pkg\/[\w.-]+\.(js|wasm))$/.test(new URL(u).pathname)), [], 'the file is read locally, without a request');
    const rows = await readBulkRows(page);
    // A quoted note with a comma did not shift the columns.
    CASES.forEach((c, i) => {
      if (onDefaults(c)) assertBulkRow(rows[i], c);
    });

    await calc(page).getByRole('button', { name: 'Load example' }).click();
    await calc(page).locator('.cc-bulk-status').filter({ hasText: '8 orders' }).waitFor();
    const example = await readBulkRows(page);
    assert.deepEqual(
      example.map((r) => [r.orderId, r.status]),
      [
        ['AE-1001', 'yes'],
        ['AE-1002', 'yes'],
        ['AE-1003', 'no'],
        ['AE-1004', 'yes'],
        ['AB-2001', 'yes'],
        ['AB-2002', 'yes'],
        ['AB-2003', 'no'],
        ['AB-2004', 'no'],
      ],
    );
    assert.equal(example[1].rate, '8%', 'a tablet never gets the new-buyer rate');
    assert.equal(example[3].commission, '103.92', '"1,299.00" is read as 1299.00 (a thousands separator)');
    assert.deepEqual(example[6].reasons, ['amount_too_high']);
    assert.deepEqual(example[7].reasons, ['excluded_country']);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('many orders: history sets the next period\'s incentive; small balances are not withdrawable', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    const csv = [
      'program,orderId,amount,buyer,country,status,paidDate,completedDate',
      'aliexpress,a,250000.00,returning,,completed,2016-09-10,2016-09-10',
      'aliexpress,b,150000.00,returning,,completed,2016-10-09,2016-10-09',
      'aliexpress,c,100.00,returning,,completed,2016-10-10,2016-10-10',
      'aliexpress,d,100.00,returning,,completed,2016-11-10,2016-11-10',
      'alibaba,e,100.00,returning,US,Trade Completed,2016-11-10,2016-11-12',
    ].join('\n');
    await label(page, 'History: these orders are all my sales, so each period\'s qualifying sales set the next period\'s incentive').check();
    assert.equal(await label(page, "Previous period's sales for every order (USD)").isDisabled(), true);
    await estimateCsv(page, csv, 5);
    const rows = await readBulkRows(page);
    assert.deepEqual(
      rows.map((r) => r.rate),
      ['8%', '8%', '10%', '8%', '3.25%'],
    );
    assert.deepEqual(await totals(page), {
      orders: '5',
      errors: '0',
      qualifying: '5',
      qualifyingAmount: '400300.00',
      estimated: '32021.25',
    });
    const periods = await calc(page).locator('.cc-periods tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(periods, [
      ['Alibaba.com', '2016-11-01 to 2016-11-30', '1', '100.00', '3.25', '0.00', '3.25'],
      ['AliExpress', '2016-09-10 to 2016-10-09', '2', '400000.00', '32000.00', '0.00', '32000.00'],
      ['AliExpress', '2016-10-10 to 2016-11-09', '1', '100.00', '10.00', '0.00', '10.00'],
      ['AliExpress', '2016-11-10 to 2016-12-09', '1', '100.00', '8.00', '0.00', '8.00'],
    ]);
    const alibaba = calc(page).locator('.cc-payouts tr[data-program="alibaba"]');
    assert.equal(await alibaba.locator('.cc-withdrawable').textContent(), 'no');
    assert.equal(await alibaba.locator('.cc-net').textContent(), '0.00');
    assert.match(await alibaba.locator('.cc-warning').textContent(), /must exceed US\$16\.00/);

    // Without history: no incentive at all.
    await label(page, 'History: these orders are all my sales, so each period\'s qualifying sales set the next period\'s incentive').uncheck();
    await calc(page).locator('.cc-lines tbody tr').nth(2).locator('td', { hasText: /^8%$/ }).waitFor();
    assert.equal((await totals(page)).estimated, '32019.25');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('download: formula-looking cells are neutralised with a quote', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    const csv = toCsv([
      ['program', 'orderId', 'amount', 'category', 'buyer', 'country', 'status', 'paidDate', 'completedDate', '=note'],
      ['aliexpress', '=HYPERLINK("http://evil")', '10.00', '+cmd|\' /C calc\'!A0', 'new', '', 'completed', '2025-01-10', '2025-01-20', '@SUM(1)'],
      ['aliexpress', '-2+3', '-1.00', '\tTab', 'new', '', 'completed', '2025-01-10', '2025-01-20', 'plain'],
      ['alibaba', '@x', '20.00', '\rCR', 'returning', 'US', 'Trade Completed', '2025-01-10', '2025-01-20', 'say "hi", ok'],
    ]);
    // Opened as a file: a pasted carriage return would become a line feed in the box.
    await label(page, 'Or open a CSV file').setInputFiles({ name: 'formulas.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await calc(page).locator('.cc-bulk-status').filter({ hasText: '3 orders' }).waitFor();
    const rows = await readBulkRows(page);
    assert.deepEqual(
      rows.map((r) => r.orderId),
      ['=HYPERLINK("http://evil")', '-2+3', '@x'],
      'shown as typed',
    );
    assert.equal(rows[0].commission, '0.80');
    assert.equal(rows[1].error, 'invalid_amount');
    assert.equal(rows[2].commission, '0.65');

    const [download] = await Promise.all([page.waitForEvent('download'), calc(page).getByRole('button', { name: 'Download CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'afflink-commissions.csv');
    const text = readFileSync(await download.path(), 'utf8');
    const table = parseCsv(text.slice(1));
    assert.equal(table.length, 4);
    assert.deepEqual(table[0], ['program', 'orderId', 'amount', 'category', 'buyer', 'country', 'status', 'paidDate', 'completedDate', "'=note", ...RESULT_COLUMNS]);
    const col = (name) => table[0].indexOf(name);
    assert.deepEqual(
      table.slice(1).map((r) => [r[col('orderId')], r[col('amount')], r[col('category')], r[9]]),
      [
        ['\'=HYPERLINK("http://evil")', '10.00', "'+cmd|' /C calc'!A0", "'@SUM(1)"],
        ["'-2+3", "'-1.00", "'\tTab", 'plain'],
        ["'@x", '20.00', "'\rCR", 'say "hi", ok'],
      ],
    );
    assert.deepEqual(table.slice(1).map((r) => r[col('commission')]), ['0.80', '', '0.65']);
    assert.match(table[2][col('error')], /The amount -1\.00 is negative \(field "amount"\)\./);
    assert.match(table[2][col('error')], /invalid_amount/);
    assert.equal(table[1][col('period')], '2025-01-10..2025-02-09');
    for (const row of table) {
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${JSON.stringify(cell)} could run as a formula`);
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('files as spreadsheets save them: `;` and sep=, cells pasted with tabs, a quote in a cell, a long row; workbooks and other encodings refused at the file', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    const file = label(page, 'Or open a CSV file');
    // Excel where the decimal separator is a comma: `;`, its separator line, a BOM; a quote
    // inside a cell (an inch mark) is a character; the last row has a cell more than the header.
    const semi = [
      'sep=;',
      'program;orderId;amount;category;buyer;status;paidDate;completedDate;note',
      'aliexpress;AE-1;60.00;Tablet 10.1" screen;new;completed;2025-01-12;2025-01-20;a;b',
      'aliexpress;AE-2;"1,299.00";;new;completed;2025-01-18;2025-01-30;x',
    ].join('\r\n');
    await file.setInputFiles({ name: 'semi.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${semi}\r\n`) });
    await calc(page).locator('.cc-bulk-status').filter({ hasText: '2 orders' }).waitFor();
    assert.deepEqual(
      (await readBulkRows(page)).map((r) => [r.line, r.orderId, r.commission]),
      [
        ['3', 'AE-1', '4.80'],
        ['4', 'AE-2', '103.92'],
      ],
    );
    const [download] = await Promise.all([page.waitForEvent('download'), calc(page).getByRole('button', { name: 'Download CSV' }).click()]);
    const text = readFileSync(await download.path(), 'utf8');
    assert.ok(text.startsWith('\uFEFF"program";"orderId";'), 'written back with `;`');
    const table = text
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((l) => l.slice(1, -1).split('";"'));
    assert.equal(table[0].length, 10 + RESULT_COLUMNS.length, 'the result columns come after the widest row');
    assert.deepEqual(table[0].slice(9), ['', ...RESULT_COLUMNS]);
    const col = (name) => table[0].indexOf(name);
    assert.deepEqual(
      table.slice(1).map((r) => [r.length, r[col('category')], r[8], r[9], r[col('qualifies')], r[col('commission')]]),
      [
        [table[0].length, 'Tablet 10.1"" screen', 'a', 'b', 'true', '4.80'],
        [table[0].length, '', 'x', '', 'true', '103.92'],
      ],
    );

    // Cells copied from a spreadsheet and pasted: tab-separated.
    await estimateCsv(page, 'program\torderId\tamount\tbuyer\tstatus\tpaidDate\tcompletedDate\naliexpress\tT-1\t10.00\tnew\tcompleted\t2025-01-10\t2025-01-20', 1);
    assert.deepEqual((await readBulkRows(page)).map((r) => [r.orderId, r.commission]), [['T-1', '0.80']]);

    // Not UTF-8 text: refused at the file, the box and the results left as they were.
    const utf8 = 'program,orderId,amount,category\naliexpress,W-1,10.00,C\u00e2ble\n';
    for (const [name, buffer, message] of [
      ['orders.xlsx', Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.alloc(64)]), /^orders\.xlsx is a spreadsheet workbook \(\.xlsx, .*save it as "CSV UTF-8"/],
      ['orders.xls', Buffer.from('\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1', 'latin1'), /^orders\.xls is a spreadsheet workbook/],
      ['unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8, 'utf16le')]), /^unicode\.txt is UTF-16 text/],
      ['ansi.csv', Buffer.from(utf8, 'latin1'), /^ansi\.csv is not UTF-8 text \(line 2 holds bytes that are not\): save it as "CSV UTF-8"\.$/],
    ]) {
      await file.setInputFiles({ name, mimeType: 'text/csv', buffer });
      await calc(page).locator('[aria-invalid="true"]').waitFor();
      const p = await fieldProblem(file);
      assert.equal(p.code, 'unreadable_input', name);
      assert.match(p.message, message, name);
      assert.equal(await label(page, 'Orders (CSV with a header row)').inputValue(), 'program\torderId\tamount\tbuyer\tstatus\tpaidDate\tcompletedDate\naliexpress\tT-1\t10.00\tnew\tcompleted\t2025-01-10\t2025-01-20', `${name}: the box keeps its text`);
      await file.setInputFiles({ name: 'ok.csv', mimeType: 'text/csv', buffer: Buffer.from(utf8) });
      await calc(page).locator('.cc-bulk-status').filter({ hasText: '1 order' }).waitFor();
      assert.equal(await calc(page).locator('[aria-invalid="true"]').count(), 0);
      await label(page, 'Orders (CSV with a header row)').fill('program\torderId\tamount\tbuyer\tstatus\tpaidDate\tcompletedDate\naliexpress\tT-1\t10.00\tnew\tcompleted\t2025-01-10\t2025-01-20');
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
