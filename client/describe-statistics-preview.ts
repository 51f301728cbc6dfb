// The preview of a statistics file as the office reads it in a terminal (`stats check`, `stats import`).
import type { PreviewSchool, StatisticsPreview } from '../domain/statistics-preview';
import { verdictOf } from '../domain/statistics-preview';
import type { StatisticsFileProblem } from '../domain/weekly-statistics';
import type { ImportOutcome } from './import-statistics';

export const FIELD_LABELS: Record<string, string> = {
  schoolId: 'идентификатор школы',
  schoolName: 'наименование школы',
  staffRegisteredPercent: 'зарегистрировано сотрудников, %',
  staffActivePercent: 'активных сотрудников, %',
  studentActivePercent: 'активных обучающихся, %',
  classChatsOnPlatform: 'чатов классов на платформе',
  classesTotal: 'всего классов',
  profileStatus: 'статус профиля',
  staffTotal: 'сотрудников всего',
  staffRegistered: 'сотрудников зарегистрировано',
  staffActive: 'сотрудников активных',
  studentsTotal: 'обучающихся всего',
  studentsActive: 'обучающихся активных',
};

const ru = (n: number | undefined) => (n === undefined ? '—' : String(n).replace('.', ','));

export function describeProblem(p: StatisticsFileProblem): string {
  return p.row && !p.message.startsWith('строка')
    ? `строка ${p.row}${p.column ? `, столбец «${p.column}»` : ''}: ${p.message}`
    : p.message;
}

function schoolLine(s: PreviewSchool): string {
  const f = s.figures;
  const parts = [`сотрудники ${ru(f.staffRegisteredPercent)}%`, `обучающиеся ${ru(f.studentActivePercent)}%`];
  if (f.staffActivePercent !== undefined) parts.push(`активные сотрудники ${ru(f.staffActivePercent)}%`);
  if (f.classesTotal !== undefined) parts.push(`чаты ${ru(f.classChatsOnPlatform)} из ${f.classesTotal}`);
  if (f.profileActive === false) parts.push('профиль не активен');
  return `  строка ${s.row}: ${s.name}${s.matchedBy === 'name' ? ' (по наименованию)' : ''} — ${parts.join('; ')}`;
}

function section(title: string, lines: string[]): string[] {
  return lines.length ? [title, ...lines] : [];
}

export function describePreview(preview: StatisticsPreview): string {
  const verdict = verdictOf(preview);
  const skipped = preview.skippedRows.length ? ` (пропущены строки над ним: ${preview.skippedRows.join(', ')})` : '';
  return [
    preview.headerRow ? `Заголовок: строка ${preview.headerRow}${skipped}.` : '',
    ...section(
      'Столбцы:',
      Object.entries(preview.columns).map(([field, header]) => `  «${header}» → ${FIELD_LABELS[field] ?? field}`),
    ),
    preview.totalsRows.length ? `Строки итогов (не школы): ${preview.totalsRows.join(', ')}.` : '',
    ...section(
      `Сопоставлено школ: ${preview.schools.length}${preview.missingSchools.length || preview.schools.length ? ` из ${preview.schools.length + preview.missingSchools.length}` : ''}.`,
      preview.schools.map(schoolLine),
    ),
    ...section(
      'Строки без школы в списке кампании:',
      preview.unmatchedRows.map(
        (r) =>
          `  строка ${r.row}: ${[r.id && `«${r.id}»`, r.name && `«${r.name}»`].filter(Boolean).join(' ')}${r.suggestions?.length ? ` — возможно: ${r.suggestions.map((n) => `«${n}»`).join(', ')}` : ''}`,
      ),
    ),
    ...section(
      'Школы кампании, которых нет в файле:',
      preview.missingSchools.map((s) => `  ${s.name}`),
    ),
    ...section(
      'Предупреждения:',
      preview.warnings.map((w) => `  - ${describeProblem(w)}`),
    ),
    ...section(
      'Ошибки:',
      preview.problems.map((p) => `  - ${describeProblem(p)}`),
    ),
    {
      refused: 'Файл не принят, ничего не изменено.',
      partial: 'Файл подходит не полностью: импорт возможен только после подтверждения (--accept-partial).',
      complete: 'Файл будет принят как есть.',
    }[verdict],
  ]
    .filter(Boolean)
    .join('\n');
}

export function describeOutcome(outcome: ImportOutcome): string {
  if (outcome.status === 'refused') return describePreview(outcome.preview);
  if (outcome.status === 'needs-confirmation') {
    return `${describePreview(outcome.preview)}\nНичего не загружено и анализ не запущен. Проверьте список выше; если данные верны, повторите команду с --accept-partial.`;
  }
  if (outcome.status === 'already-imported') return describeAlreadyImported(outcome.existing);
  const { entry, preview } = outcome;
  return [
    `Статистика за неделю ${entry.week} загружена: сопоставлено школ — ${preview.schools.length}.`,
    preview.missingSchools.length ? `Нет в файле: ${preview.missingSchools.map((s) => s.name).join(', ')}.` : '',
    ...preview.unmatchedRows.map(
      (r) =>
        `Строка ${r.row}: ${[r.id && `«${r.id}»`, r.name && `«${r.name}»`].filter(Boolean).join(' ')} не найдена в списке школ кампании.`,
    ),
    ...preview.warnings.map((w) => `Предупреждение: ${describeProblem(w)}`),
    outcome.analysisStarted
      ? `Анализ запущен: ${outcome.analysisWorkflowId}`
      : `Этот же файл уже анализировался: ${outcome.analysisWorkflowId}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** A week imported already: nothing was done; how to replace it on purpose. */
export function describeAlreadyImported(existing: { week: string; filename: string; importedAt: string }): string {
  return [
    `Статистика за неделю ${existing.week} уже загружена ${existing.importedAt.slice(0, 10)} (файл ${existing.filename}).`,
    'Повторная загрузка не выполнена, анализ не запущен, письма не отправлены.',
    'Чтобы заменить неделю, повторите команду с --replace "причина замены" (не короче 5 символов).',
  ].join('\n');
}
