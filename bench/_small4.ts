import { renderConsolidatedReportPdf } from '../activities/documents/consolidated-report-pdf';
import { renderBaselineForCount } from './_base';
import { benchInputForCount } from './_input';
void (async () => {
  const input = benchInputForCount(1500);
  const f = process.env.BASE ? renderBaselineForCount : renderConsolidatedReportPdf;
  for (let i = 0; i < 15; i++) await f(input);
})();
