#!/usr/bin/env node
// Checks that every installed package (node_modules, nested ones included) accepts the lowest
// Node.js version this project promises in package.json "engines" — and so the version the
// README states. Prints the packages that do not, and exits 1 when there are any.
//   node scripts/check-engines.mjs              (the lowest version of each line package.json allows)
//   node scripts/check-engines.mjs --node 22.13.0
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Every package.json under node_modules with an engines.node field: { name, version, range, dir }. */
export function installedEngines(root = ROOT) {
  const found = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const p = path.join(dir, name);
      if (name.startsWith('@')) {
        walk(p);
        continue;
      }
      const pj = path.join(p, 'package.json');
      if (!fs.existsSync(pj)) continue;
      try {
        const j = JSON.parse(fs.readFileSync(pj, 'utf8'));
        if (typeof j.engines?.node === 'string') found.push({ name: j.name, version: j.version, range: j.engines.node, dir: path.relative(root, p) });
      } catch {
        // a fixture or broken package.json is not a dependency's promise
      }
      walk(path.join(p, 'node_modules'));
    }
  };
  walk(path.join(root, 'node_modules'));
  return found;
}

/** The lowest Node.js version of each release line package.json's engines.node allows ("^20.19.0 || >=24" → 20.19.0, 24.0.0). */
export function projectNodeFloors(root = ROOT) {
  const range = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node;
  return range.split('||').map((part) => semver.minVersion(part.trim()).version);
}

/** Installed packages whose engines.node does not accept the given Node.js version. */
export function incompatible(nodeVersion, root = ROOT) {
  return installedEngines(root).filter((p) => !semver.satisfies(nodeVersion, p.range, { includePrerelease: false }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const i = process.argv.indexOf('--node');
  let failed = 0;
  for (const version of i > 0 ? [process.argv[i + 1]] : projectNodeFloors()) {
    const bad = incompatible(version);
    for (const p of bad) console.log(`${p.name}@${p.version} needs node ${p.range} (${p.dir})`);
    console.log(bad.length === 0 ? `every installed package accepts Node.js ${version}` : `${bad.length} package(s) do not accept Node.js ${version}`);
    failed += bad.length;
  }
  process.exit(failed === 0 ? 0 : 1);
}
