// The Node.js versions the project promises (package.json engines, README) are accepted by every
// installed dependency: a dependency upgrade that drops Node 20 fails here, not on a user's machine.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript CLI module without type declarations
import { incompatible, installedEngines, projectNodeFloors } from './check-engines.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('Node.js version', () => {
  it('every installed package accepts the lowest version of each Node line package.json allows', () => {
    expect((installedEngines() as unknown[]).length).toBeGreaterThan(20);
    const floors = projectNodeFloors() as string[];
    expect(floors).toContain('20.19.0');
    for (const v of floors) expect((incompatible(v) as { name: string }[]).map((p) => p.name)).toEqual([]);
  });

  it('every installed package accepts the running Node.js', () => {
    expect((incompatible(process.versions.node) as { name: string }[]).map((p) => p.name)).toEqual([]);
  });

  it('README states the range package.json declares', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const range = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node as string;
    expect(readme).toContain(`\`${range}\``);
  });
});
