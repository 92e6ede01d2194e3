// Writes fuzz seed corpora from the shared test data into target/fuzz-corpus/<target>/.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';

const root = new URL('..', import.meta.url);
const read = (f) => readFileSync(new URL(f, root), 'utf8');
const json = (f) => (existsSync(new URL(f, root)) ? JSON.parse(read(f)) : []);
const urls = [...json('tests/cases/classify.json'), ...json('tests/cases/realworld.json'), ...json('tests/cases/hostile.json')].map((c) => c.input);
const links = json('tests/cases/links.json');
const SEP = '\u0001';

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
  estimate: (() => {
    const lines = read('tests/cases/commission.csv').split(/\r?\n/).filter(Boolean);
    const header = lines[0].split(',');
    const orders = lines.slice(1).map((l) => {
      const cells = l.split(',');
      return JSON.stringify(Object.fromEntries(header.slice(1, 13).map((h, i) => [h, cells[i + 1]]).filter(([, v]) => v)));
    });
    const cards = ['', read('rates/aliexpress.json').replace(/\n/g, ' '), read('rates/alibaba.json').replace(/\n/g, ' ')];
    return cards.flatMap((card) => [orders.slice(0, 40).join('\n'), orders.slice(40).join('\n')].map((o) => `${o}${SEP}${card}`));
  })(),
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
