import { performance } from 'node:perf_hooks';
import { schoolLines, tableRows, tallyOf, summaryItems, submittedAtFormatter, countCell } from '../activities/documents/consolidated-report-data';
import { benchInputForCount } from './_input';
const input = benchInputForCount(40000);
for (let k = 0; k < 3; k++) {
  let t = performance.now(); const lines = schoolLines(input); console.log('schoolLines', (performance.now() - t).toFixed(0));
  t = performance.now(); const rows = tableRows(lines); console.log('tableRows', (performance.now() - t).toFixed(0), rows.length);
  t = performance.now(); tallyOf(lines); summaryItems(lines); console.log('tally+summary', (performance.now() - t).toFixed(0));
  const f = submittedAtFormatter('Europe/Moscow');
  t = performance.now(); for (const l of lines) if (l.report) f(l.report.submittedAt); console.log('dates', (performance.now() - t).toFixed(0));
  t = performance.now(); for (const l of lines) if (l.report) { countCell(l.report.classChatsOnPlatform, l.report.classes); countCell(1, 3); countCell(5, 7); } console.log('counts', (performance.now() - t).toFixed(0));
}
