// A statistics file comes from outside: it is read on a thread of its own with a capped heap and a deadline, so a
// hostile or broken file is refused without stalling the web server or the Temporal worker sharing the process.
// The thread is kept warm between files (starting one and warming its JIT costs more than reading 40,000 rows);
// a thread that ran out of memory or time is discarded and the next file gets a fresh one.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { refusedPreview, type StatisticsPreview } from '../../domain/statistics-preview';
import type { StatisticsConfig } from '../../domain/statistics-schema';
import type { RosterSchool } from './parse-statistics-file';

export interface IsolationLimits { timeoutMs: number; maxHeapMb: number }
/** 40,000 rows read in a fraction of a second; a file needing 20 s or 512 MB of heap is not a weekly export. */
export const DEFAULT_ISOLATION: IsolationLimits = { timeoutMs: 20_000, maxHeapMb: 512 };

export interface StatisticsReader {
  preview(bytes: Uint8Array, filename: string, config: StatisticsConfig, roster: RosterSchool[]): Promise<StatisticsPreview>;
  close(): Promise<void>;
}

const TOO_LONG = (s: number) => `Файл обрабатывался дольше ${s} с и был остановлен: похоже, он повреждён или составлен так, чтобы вывести систему из строя. Сохраните таблицу заново (CSV или XLSX) и загрузите снова.`;
const TOO_BIG = 'Файл требует слишком много памяти для обработки и отклонён: похоже, он повреждён или составлен так, чтобы вывести систему из строя. Сохраните таблицу заново (CSV или XLSX) и загрузите снова.';
const CRASHED = 'Файл не удалось обработать: внутренняя ошибка чтения. Ничего не изменено; сообщите администратору системы.';

interface Reply { id: number; preview?: StatisticsPreview; crashed?: string }

export function createStatisticsReader(limits: IsolationLimits = DEFAULT_ISOLATION): StatisticsReader {
  let worker: Worker | undefined;
  let next = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const spawn = () => {
    const w = new Worker(join(__dirname, 'statistics-reader-thread.cjs'), { resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 64 } });
    w.unref(); // an idle reader never keeps a CLI run alive
    return w;
  };
  const discard = (w: Worker) => {
    if (worker === w) worker = undefined;
    void w.terminate();
  };
  const run = (bytes: Uint8Array, filename: string, config: StatisticsConfig, roster: RosterSchool[]) => {
    const w = (worker ??= spawn());
    return ask(w, ++next, { bytes, filename, config, roster }, limits, () => discard(w));
  };
  return {
    preview(...args) {
      const result = queue.then(() => run(...args)); // one file at a time: the thread's heap is the limit of one file
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      if (worker) await worker.terminate();
      worker = undefined;
    },
  };
}

function ask(w: Worker, id: number, request: { bytes: Uint8Array; filename: string; config: StatisticsConfig; roster: RosterSchool[] }, limits: IsolationLimits, discard: () => void): Promise<StatisticsPreview> {
  // A copy of its own, transferred: the caller's bytes may be a view into a larger pooled buffer.
  const bytes = new Uint8Array(request.bytes);
  const roster = request.roster.map(({ id: schoolId, name, statsId, statsNames }) => ({ id: schoolId, name, statsId, statsNames }));
  return new Promise<StatisticsPreview>((resolve) => {
    const finish = (preview: StatisticsPreview, broken: boolean) => {
      clearTimeout(timer);
      w.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (broken) discard();
      resolve(preview);
    };
    const onMessage = (m: Reply) => {
      if (m.id !== id) return;
      if (m.crashed) console.error(`statistics reader thread failed: ${m.crashed}`);
      finish(m.preview ?? refusedPreview(CRASHED), false);
    };
    const onError = (err: Error & { code?: string }) => finish(refusedPreview(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? TOO_BIG : CRASHED), true);
    const onExit = () => finish(refusedPreview(CRASHED), true);
    const timer = setTimeout(() => finish(refusedPreview(TOO_LONG(Math.round(limits.timeoutMs / 1000))), true), limits.timeoutMs);
    w.on('message', onMessage).on('error', onError).on('exit', onExit);
    w.postMessage({ id, ...request, bytes, roster }, [bytes.buffer]);
  });
}

/** One file on a thread of its own, for one-shot callers (the CLI) and tests of the limits. */
export async function previewStatisticsIsolated(bytes: Uint8Array, filename: string, config: StatisticsConfig, roster: RosterSchool[], limits: IsolationLimits = DEFAULT_ISOLATION): Promise<StatisticsPreview> {
  const reader = createStatisticsReader(limits);
  try {
    return await reader.preview(bytes, filename, config, roster);
  } finally {
    await reader.close();
  }
}
