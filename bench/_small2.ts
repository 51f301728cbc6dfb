import { performance } from 'node:perf_hooks';
import { renderConsolidatedReportPdf } from '../activities/documents/consolidated-report-pdf';
import { benchInputForCount } from './_input';
void (async () => {
  const input = benchInputForCount(10);
  for (let i = 0; i < 30; i++) await renderConsolidatedReportPdf(input);
  const t = performance.now(); for (let i = 0; i < 100; i++) await renderConsolidatedReportPdf(input); console.log(((performance.now() - t) / 100).toFixed(1));
})();
