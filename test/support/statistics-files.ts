// Statistics files as offices export them, built in tests (no binary fixtures in the repo).
import { encode } from 'iconv-lite';
import type { Campaign } from '../../domain/campaign-schema';
import type { SchoolWeekFigures } from '../../domain/weekly-statistics';

const HEADERS = [
  'ИНН ОО',
  'Наименование ОО',
  'Зарегистрировано сотрудников, %',
  'Активных сотрудников за неделю, %',
  'Активных обучающихся за неделю, %',
  'Чатов классов на платформе',
  'Всего классов',
  'Статус профиля ОО',
];

/** Figures of every school of the campaign: students as in the decree, staff as the test chooses. */
export function weekFigures(campaign: Campaign, staffRegistered: (schoolId: string) => number): SchoolWeekFigures[] {
  return campaign.schools.map((s) => ({
    schoolId: s.id,
    staffRegisteredPercent: staffRegistered(s.id),
    staffActivePercent: 80,
    studentActivePercent: s.studentUsagePercent ?? 0,
    classChatsOnPlatform: 10,
    classesTotal: 11,
    profileActive: true,
  }));
}

/** Excel's Russian-locale CSV: Windows-1251, «;», decimal commas, percent signs. */
export function excelCsv(campaign: Campaign, figures: SchoolWeekFigures[]): Buffer {
  const num = (n: number | undefined) => (n === undefined ? '' : String(n).replace('.', ','));
  const lines = figures.map((f) => {
    const school = campaign.schools.find((s) => s.id === f.schoolId)!;
    return [
      school.statsId ?? school.id,
      `"${school.name.replace(/"/g, '""')}"`,
      `${num(f.staffRegisteredPercent)}%`,
      `${num(f.staffActivePercent)}%`,
      `${num(f.studentActivePercent)}%`,
      num(f.classChatsOnPlatform),
      num(f.classesTotal),
      f.profileActive === false ? 'Не активен' : 'Активен',
    ].join(';');
  });
  return encode([HEADERS.join(';'), ...lines].join('\r\n'), 'win1251');
}
