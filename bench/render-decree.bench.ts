// `npm run bench`: how long the decree PDF and one school's mail take to render, and the memory they hold.
// Scale targets from the brief: a district (12–50 schools), a region (~1,500), the country (~40,000).
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { loadCampaignFile } from '../client/load-campaign';
import { renderDecreePdf } from '../activities/documents/render-decree';
import { renderMailParts } from '../activities/mail/mail-parts';
import { createTextRenderer } from '../activities/texts/renderer';

async function time(label: string, runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  const perRun = (performance.now() - start) / runs;
  console.log(`${label.padEnd(36)} ${perRun.toFixed(2).padStart(9)} ms/op  (${runs} runs)`);
  return perRun;
}

async function main(): Promise<void> {
  const renderer = createTextRenderer();
  const campaign = loadCampaignFile(join(__dirname, '..', 'examples', 'sergokala-380', 'campaign.yaml'));
  await time('decree PDF (6 pages)', 20, () => renderDecreePdf(campaign, renderer));
  const context = {
    school: campaign.schools[0], decree: { ...campaign.decree, sha256: '0'.repeat(64) }, decreeDateRu: '22.10.2024', office: campaign.office,
    tasks: [{ taskId: 't', clause: { number: '1.2' }, title: 'x', dueRu: '30.10.2024', url: 'http://127.0.0.1/tasks/t?t=abc' }], linksValidUntil: '—',
  };
  const mailMs = await time('decree notice mail (3 parts)', 2000, () => renderMailParts(renderer, 'decree-notice', context));
  for (const [scale, schools] of [['district', 50], ['region', 1500], ['country', 40000]] as const) {
    console.log(`  mail rendering for a ${scale} (${schools} schools): ${((mailMs * schools) / 1000).toFixed(2)} s of CPU`);
  }
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(`rss after runs: ${rss.toFixed(0)} MiB`);
}

void main();
