// A statistics file comes from outside: it is read on a capped thread (activities/isolation/capped-thread.ts), so a
// hostile or broken file is refused without stalling the web server or the Temporal worker sharing the process.
import { join } from 'node:path';
import { createCappedThread, type IsolationLimits, type ThreadFailure } from '../isolation/capped-thread';
import { refusedPreview, type StatisticsPreview } from '../../domain/statistics-preview';
import type { StatisticsConfig } from '../../domain/statistics-schema';
import type { RosterSchool } from './parse-statistics-file';

export type { IsolationLimits } from '../isolation/capped-thread';
/** 40,000 rows read in a fraction of a second; a file needing 20 s or 512 MB of heap is not a weekly export. */
export const DEFAULT_ISOLATION: IsolationLimits = { timeoutMs: 20_000, maxHeapMb: 512 };

export interface StatisticsReader {
  preview(
    bytes: Uint8Array,
    filename: string,
    config: StatisticsConfig,
    roster: RosterSchool[],
  ): Promise<StatisticsPreview>;
  close(): Promise<void>;
}

const TOO_LONG = (s: number) =>
  `Файл обрабатывался дольше ${s} с и был остановлен: похоже, он повреждён или составлен так, чтобы вывести систему из строя. Сохраните таблицу заново (CSV или XLSX) и загрузите снова.`;
const TOO_BIG =
  'Файл требует слишком много памяти для обработки и отклонён: похоже, он повреждён или составлен так, чтобы вывести систему из строя. Сохраните таблицу заново (CSV или XLSX) и загрузите снова.';
const CRASHED =
  'Файл не удалось обработать: внутренняя ошибка чтения. Ничего не изменено; сообщите администратору системы.';

const refusal = (why: ThreadFailure): StatisticsPreview =>
  refusedPreview(why.kind === 'timeout' ? TOO_LONG(why.seconds) : why.kind === 'memory' ? TOO_BIG : CRASHED);

interface Request {
  bytes: Uint8Array;
  filename: string;
  config: StatisticsConfig;
  roster: RosterSchool[];
}

export function createStatisticsReader(limits: IsolationLimits = DEFAULT_ISOLATION): StatisticsReader {
  const thread = createCappedThread<Request, StatisticsPreview>(
    join(__dirname, 'statistics-reader-thread.cjs'),
    limits,
    refusal,
  );
  return {
    preview(bytes, filename, config, roster) {
      // A copy of its own, transferred: the caller's bytes may be a view into a larger pooled buffer.
      const own = new Uint8Array(bytes);
      const plainRoster = roster.map(({ id, name, statsId, statsNames }) => ({ id, name, statsId, statsNames }));
      return thread.run({ bytes: own, filename, config, roster: plainRoster }, [own.buffer]);
    },
    close: () => thread.close(),
  };
}

/** One file on a thread of its own, for one-shot callers (the CLI) and tests of the limits. */
export async function previewStatisticsIsolated(
  bytes: Uint8Array,
  filename: string,
  config: StatisticsConfig,
  roster: RosterSchool[],
  limits: IsolationLimits = DEFAULT_ISOLATION,
): Promise<StatisticsPreview> {
  const reader = createStatisticsReader(limits);
  try {
    return await reader.preview(bytes, filename, config, roster);
  } finally {
    await reader.close();
  }
}
