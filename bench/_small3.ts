import { performance } from 'node:perf_hooks';
import { renderConsolidatedReportPdf } from '../activities/documents/consolidated-report-pdf';
import { renderBaselineForCount } from './_base';
import { benchInputForCount } from './_input';
void (async () => {
  const n = Number(process.argv[2] ?? 1500);
  const input = benchInputForCount(n);
  const t: Record<string, number[]> = { renderer: [], baseline: [] };
  for (let i = 0; i < 12; i++) {
    for (const [name, f] of [['renderer', renderConsolidatedReportPdf], ['baseline', renderBaselineForCount]] as const) {
      const s = performance.now(); await f(input); t[name]!.push(performance.now() - s);
    }
  }
  for (const [k, v] of Object.entries(t)) { v.splice(0, 2); v.sort((a, b) => a - b); console.log(k, 'min', v[0]!.toFixed(0), 'median', v[Math.floor(v.length / 2)]!.toFixed(0)); }
})();
