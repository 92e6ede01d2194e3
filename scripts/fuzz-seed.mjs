// Writes fuzz seed corpora from the shared test data into target/fuzz-corpus/<target>/.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';

const root = new URL('..', import.meta.url);
const read = (f) => readFileSync(new URL(f, root), 'utf8');
const json = (f) => (existsSync(new URL(f, root)) ? JSON.parse(read(f)) : []);
const urls = [...json('tests/cases/classify.json'), ...json('tests/cases/realworld.json'), ...json('tests/cases/hostile.json')].map((c) => c.input);
const links = json('tests/cases/links.json');
const SEP = '\u0001';
const HREF = '\u0002';

const seeds = {
  classify: urls,
  tracking_params: [
    ...links.filter((c) => c.op === 'append').map((c) => [c.link, ...(c.params ?? []).map(([n, v]) => `${n}=${v}`)].join(SEP)),
    ...['0', '1', '2', '3'].map((i) => `${i}${SEP}af=a b${SEP}cn=%${SEP}pid=x`),
  ],
  build_links: [
    ...links.filter((c) => c.op === 'deeplink').map((c) => [c.affShortKey, c.productUrl, (c.params ?? [])[0]?.[1] ?? ''].join(SEP)),
    ...links.filter((c) => c.op === 'alibabaTemplate').map((c) => [c.link, c.productId, 'x'].join(SEP)),
    ...links.filter((c) => c.op === 'alibabaLink').map((c) => [c.template, c.productUrl ?? c.productId ?? '', 'y'].join(SEP)),
  ],
  postback: links.filter((c) => c.op.startsWith('postback')).map((c) => `${c.url}${SEP}${(c.values ?? [])[0]?.[1] ?? 'v'}`),
  // `basis\u0001card\u0001orders`: a few orders per seed, under each incentive basis, with
  // no card, the shipped cards and small partial cards (rates/*.json, tests/cases/commission.csv).
  estimate: (() => {
    const lines = read('tests/cases/commission.csv').split(/\r?\n/).filter(Boolean);
    const header = lines[0].split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const orders = rows.map((cells) => JSON.stringify(Object.fromEntries(header.slice(1, 13).map((h, i) => [h, cells[i + 1]]).filter(([, v]) => v))));
    const sales = [...new Set(rows.map((cells) => cells[header.indexOf('previousPeriodSales')]).filter(Boolean))];
    const source = '"source": "s", "asOf": "2025-01-01"';
    const cards = [
      '',
      read('rates/aliexpress.json').replace(/\n\s*/g, ' '),
      read('rates/alibaba.json').replace(/\n\s*/g, ' '),
      `{"program": "alibaba", "cap": {"maxCommission": "5", ${source}}}`,
      `{"program": "aliexpress", "rules": [{"label": "t", "part": "base", "tiers": {"mode": "marginal", "steps": [{"upTo": "100", "percent": "10"}, {"upTo": null, "percent": "5"}]}, ${source}}]}`,
      `{"program": "alibaba", "rules": [{"label": "t", "part": "newBuyer", "when": {"countries": ["US"]}, "tiers": {"mode": "flat", "steps": [{"upTo": "100", "percent": "10"}, {"upTo": null, "percent": "5"}]}, ${source}}]}`,
      `{"program": "alibaba", "period": {"startDay": 15, ${source}}, "incentive": {"label": "i", "steps": [{"minSales": "0", "bonusPercent": "1", ${source}}, {"minSales": "100", "bonusPercent": "3", ${source}}]}}`,
      `{"program": "aliexpress", "qualification": {"clickWindowDays": {"value": 3, ${source}}, "amountBelow": {"value": "50", ${source}}}, "requireKnownCategory": true}`,
    ];
    const groups = [];
    for (let i = 0; i < orders.length; i += 4) groups.push(orders.slice(i, i + 4).join('\n'));
    const bases = ['', 'history', ...sales];
    return groups.flatMap((g, i) => [`${bases[i % bases.length]}${SEP}${cards[i % cards.length]}${SEP}${g}`, `${bases[(i + 1) % bases.length]}${SEP}${cards[(i + 3) % cards.length]}${SEP}${g}`]);
  })(),
  // `name=value\u0001name=value…\u0002href\u0002href…`, from tests/cases/convert.json.
  convert: (() => {
    const file = json('tests/cases/convert.json');
    const settingsText = (settings) => Object.entries(settings).map(([n, v]) => `${n}=${v}`).join(SEP);
    const scenarios = (file.scenarios ?? []).flatMap((s) => {
      const hrefs = s.links.map((l) => l.href);
      const chunks = [];
      for (let i = 0; i < hrefs.length; i += 4) chunks.push(hrefs.slice(i, i + 4));
      return chunks.map((c) => [settingsText(s.settings), ...c].join(HREF));
    });
    const settingsCases = (file.settingsCases ?? []).map((c) => [settingsText(c.settings), 'https://www.aliexpress.com/item/1005006123456789.html', 'https://www.alibaba.com/product-detail/X_1600123456789.html'].join(HREF));
    return [...scenarios, ...settingsCases];
  })(),
  // A format digit (0 HTML, 1 Markdown, 2 text) and a document: tests/cases/rewrite/.
  rewrite: json('tests/cases/rewrite/cases.json').documents?.map((d, i) => `${i % 3}${read(`tests/cases/rewrite/${d.file}`)}`) ?? [],
};

for (const [target, inputs] of Object.entries(seeds)) {
  const dir = new URL(`target/fuzz-corpus/${target}/`, root);
  mkdirSync(dir, { recursive: true });
  for (const input of inputs) {
    const name = createHash('sha1').update(input).digest('hex');
    writeFileSync(new URL(name, dir), input);
  }
  console.log(`${target}: ${inputs.length} seeds`);
}
