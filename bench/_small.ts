import { performance } from 'node:perf_hooks';
import { renderConsolidatedReportPdf } from '../activities/documents/consolidated-report-pdf';
import { renderBaselineForCount } from './_base';
import { benchInputForCount } from './_input';
void (async () => {
  for (const n of [10, 10, 10, 1500, 1500, 1500]) {
    const input = benchInputForCount(n);
    for (const [name, f] of [['renderer', renderConsolidatedReportPdf], ['baseline', renderBaselineForCount]] as const) {
      const t = performance.now(); await f(input); console.log(n, name, (performance.now() - t).toFixed(1));
    }
  }
})();
