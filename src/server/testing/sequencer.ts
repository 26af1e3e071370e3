// The order test files start in (vitest `sequence.sequencer`). Two workers take files from one
// queue, so the run ends when the last long file ends: long files must start first (the classic
// longest-first rule for scheduling jobs on a few machines). Vitest orders by the durations it
// cached on an earlier run, but a fresh clone (CI) has none, and then it falls back to file size,
// which put the HTTP fuzz test — one mid-sized file that runs for minutes — near the end and left
// one core idle while it ran alone.
//
// Without cached durations, this orders by what the file does: files that start another program
// (Chromium, a second server process, a DICOM peer, poppler) or that fuzz every route first, then
// files that build an app and a database, then pure logic; larger files first within each group.
// With durations cached for both files (a local re-run), vitest's own order stands.
import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Markers of a test file that starts another program or runs thousands of requests. */
const STARTS_A_PROGRAM = /openBrowserWorld|launchTestBrowser|startSecondServer|findscu|wlmscpfs|spawn\(|execFile|routesOf\(/;
/** Markers of a test file that builds the app and a database. */
const USES_A_DATABASE = /createTestContext|openTestDatabase|openDatabase\(/;

/**
 * Group of a test file by its source text: 0 starts another program or fuzzes every route,
 * 1 builds an app or a database, 2 pure logic. Unreadable files count as 1.
 */
export function weightGroup(source: string | undefined): 0 | 1 | 2 {
  if (source === undefined) return 1;
  if (STARTS_A_PROGRAM.test(source)) return 0;
  if (USES_A_DATABASE.test(source)) return 1;
  return 2;
}

export default class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const root = this.ctx.config.root;
    const known = (f: TestSpecification) => cache.getFileTestResults(`${f.project.name}:${path.relative(root, f.moduleId)}`) !== undefined;
    if (files.every(known)) return super.sort(files);
    const info = new Map(
      files.map((f) => {
        let source: string | undefined;
        try {
          source = fs.readFileSync(f.moduleId, 'utf8');
        } catch {
          source = undefined;
        }
        return [f, { group: weightGroup(source), size: source?.length ?? 0 }] as const;
      }),
    );
    return [...files].sort((a, b) => {
      const x = info.get(a)!;
      const y = info.get(b)!;
      return x.group - y.group || y.size - x.size || a.moduleId.localeCompare(b.moduleId);
    });
  }
}
