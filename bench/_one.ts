import { writeFileSync } from 'node:fs';
import { renderConsolidatedReportPdf } from '../activities/documents/consolidated-report-pdf';
import { benchInputForCount } from './_input';
void (async () => { writeFileSync('/tmp/cr/b1500.pdf', await renderConsolidatedReportPdf(benchInputForCount(1500))); })();
