// What a person sees while a campaign launches: a progress bar (tasks started, decree mails accepted), any stall of
// the tree with its cause as soon as it is found, and a summary at the end. The launch itself is durable; this only
// watches it, so Ctrl-C stops the watching, never the campaign.
import type { Client } from '@temporalio/client';
import type { TreeProgress } from '../workflows/definitions';
import { campaignTreeProgress, describeStall, findStalls } from './launch-watch';

export interface LaunchSummary {
  complete: boolean;
  tasks: number;
  schools: number;
  mailed: number;
  seconds: number;
  stalls: string[];
}

export interface WatchOptions {
  write?: (line: string, final: boolean) => void;
  pollMs?: number;
  /** Stalls are looked for this often (each look describes every workflow of the tree). */
  stallCheckMs?: number;
  /** Give up watching after this long without any progress. */
  quietLimitMs?: number;
}

const BAR = 30;

export function progressLine(p: TreeProgress, seconds: number): string {
  const done = p.counts.started + p.counts.mailed;
  const all = p.expectedTasks + p.expectedSchools;
  const share = all ? done / all : 0;
  const filled = Math.round(share * BAR);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}] ${Math.floor(share * 100)}%  задачи ${p.counts.started}/${p.expectedTasks} · письма ${p.counts.mailed}/${p.expectedSchools} · ${seconds} с`;
}

function consoleWriter(): (line: string, final: boolean) => void {
  let lastPrinted = 0;
  return (line, final) => {
    if (process.stdout.isTTY) return void process.stdout.write(`\r${line}${final ? '\n' : ''}`);
    if (final || Date.now() - lastPrinted > 5_000) {
      lastPrinted = Date.now();
      console.log(line);
    }
  };
}

export async function watchLaunch(client: Client, campaignId: string, o: WatchOptions = {}): Promise<LaunchSummary> {
  const write = o.write ?? consoleWriter();
  const started = Date.now();
  const reported = new Set<string>();
  const stalls: string[] = [];
  let lastChange = Date.now();
  let lastKey = '';
  let lastStallCheck = 0;
  for (;;) {
    const p = await campaignTreeProgress(client, campaignId).catch(() => undefined);
    const seconds = Math.round((Date.now() - started) / 1000);
    const key = p ? `${p.counts.started}/${p.counts.mailed}/${p.expectedTasks}` : '';
    if (key !== lastKey) [lastKey, lastChange] = [key, Date.now()];
    const complete =
      p !== undefined &&
      p.expectedTasks > 0 &&
      p.counts.started === p.expectedTasks &&
      p.counts.mailed === p.expectedSchools;
    if (Date.now() - lastStallCheck >= (o.stallCheckMs ?? 15_000) || complete) {
      lastStallCheck = Date.now();
      for (const stall of await findStalls(client, campaignId).catch(() => [])) {
        const key = `${stall.workflowId}|${stall.what}|${stall.cause}`; // the same stall at its next attempt is not news
        if (reported.has(key)) continue;
        reported.add(key);
        stalls.push(describeStall(stall));
        write(`Ошибка запуска: ${stalls.at(-1)}`, true);
      }
    }
    if (p) write(progressLine(p, seconds), complete);
    const quiet = Date.now() - lastChange > (o.quietLimitMs ?? 180_000);
    if (complete || quiet) {
      return {
        complete,
        tasks: p?.counts.started ?? 0,
        schools: p?.expectedSchools ?? 0,
        mailed: p?.counts.mailed ?? 0,
        seconds,
        stalls,
      };
    }
    await new Promise((r) => setTimeout(r, o.pollMs ?? 1_000));
  }
}

export function describeLaunch(s: LaunchSummary): string {
  if (s.complete)
    return `Запуск завершён за ${s.seconds} с: запущено задач — ${s.tasks}, постановление принято к отправке для ${s.mailed} из ${s.schools} школ.`;
  const why = s.stalls.length
    ? ` Причины:\n${s.stalls.map((x) => `  - ${x}`).join('\n')}`
    : ' Процессы кампании не продвигаются; см. журнал исполнителя и Temporal UI.';
  return `Запуск не завершён за ${s.seconds} с: запущено задач — ${s.tasks}, писем — ${s.mailed} из ${s.schools}.${why}`;
}
