// Checks the packed npm tarball: the files it must carry, and nothing it must not.
// Usage: node scripts/check-pack.mjs path/to/afflink-X.Y.Z.tgz
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const tarball = process.argv[2];
const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
const want = [
  'api.js', 'init.js', 'node.js', 'browser.js', 'afflink_wasm.js', 'afflink_wasm_bg.wasm', 'afflink_wasm_node.wasm', 'afflink.d.ts', 'wasm.d.ts', 'package.json', 'README.md',
  'rewrite.js', 'rewrite.d.ts', 'afflink_rewrite.js', 'afflink_rewrite_bg.wasm', 'LICENSE-MIT', 'LICENSE-APACHE',
]
  .map((f) => `package/${f}`)
  .sort();
const problems = [];
if (JSON.stringify(listing) !== JSON.stringify(want)) problems.push(`tarball files ${JSON.stringify(listing)} != ${JSON.stringify(want)}`);

const cargo = readFileSync(new URL('../Cargo.toml', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../pkg/package.json', import.meta.url), 'utf8'));
const cargoVersion = /^version = "([^"]+)"/m.exec(cargo)[1];
if (pkg.version !== cargoVersion) problems.push(`package.json version ${pkg.version} != Cargo.toml ${cargoVersion}`);
if (pkg.name !== 'afflink' || pkg.type !== 'module') problems.push('package name must be afflink, type module');
const changelog = readFileSync(new URL('../CHANGELOG.md', import.meta.url), 'utf8');
if (!changelog.includes(`## [${cargoVersion}]`)) problems.push(`CHANGELOG.md has no section for version ${cargoVersion}`);

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${tarball}: ${listing.length} files, version ${pkg.version}: ok`);
