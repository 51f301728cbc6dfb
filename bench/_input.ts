import type { ConsolidatedReportInput } from '../activities/documents/consolidated-report-pdf'; import type { SchoolReportStatus } from '../activities/documents/consolidated-report-data'; import type { FiledReport } from '../domain/school-report';
export function benchInputForCount(schools: number): ConsolidatedReportInput {
  let seed = 20241022;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const regions = Math.min(85, Math.max(2, Math.round(schools / 500)));
  const perMunicipality = 25;
  const syllables = ['ка', 'ра', 'му', 'ги', 'де', 'бу', 'ур', 'ха', 'ли', 'но', 'са', 'ти', 'ван', 'шим', 'кент', 'мах'];
  const word = () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join('');
  const list = Array.from({ length: schools }, (_, i) => {
    const r = random();
    const status: SchoolReportStatus = r < 0.85 ? 'submitted' : r < 0.98 ? 'missing' : 'withdrawn';
    const region = i % regions;
    const municipality = Math.floor(i / regions / perMunicipality);
    const name = `МКОУ «${capitalised(word())}ская СОШ${i % 7 === 0 ? ` №${1 + (i % 5)}` : ''}${i % 11 === 0 ? ` им. ${capitalised(word())}ова` : ''}»`;
    return { id: `s${i}`, name, status, regionCode: String(region + 1).padStart(2, '0'), regionName: `Регион ${capitalised(word())}`, municipalityCode: `${region + 1}-${municipality}`, municipalityName: `${capitalised(word())}ский район` };
  });
  // A region's and a municipality's names are those of its first school, so every school of a group agrees.
  const names = new Map<string, string>();
  for (const s of list) {
    s.regionName = names.get(s.regionCode) ?? (names.set(s.regionCode, s.regionName), s.regionName);
    s.municipalityName = names.get(s.municipalityCode) ?? (names.set(s.municipalityCode, s.municipalityName), s.municipalityName);
  }
  const filed: FiledReport[] = list.filter((s) => s.status === 'submitted').map((s, i) => {
    const classes = 9 + (i % 25);
    const staffTotal = 20 + (i % 60);
    const studentsTotal = 150 + (i % 900);
    return {
      clauseNumber: '1.9', schoolId: s.id, schoolName: s.name, version: 1 + (i % 17 === 0 ? 1 : 0), submittedAt: new Date(Date.UTC(2024, 10, 1, 6) + i * 37_000).toISOString(), late: i % 23 === 0,
      documentSha256: (i * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(8), classes, classChatsOnPlatform: classes - (i % 4), staffTotal, staffActivated: staffTotal - (i % 9), studentsTotal, studentsActivated: Math.floor(studentsTotal * 0.6),
    };
  });
  return {
    officeName: 'Министерство образования (стенд)', decreeRef: 'постановление от 22.10.2024 № 380', edition: 1, generatedAt: '2024-11-02T21:00:00.000Z', timeZone: 'Europe/Moscow',
    clause: { number: '1.9', text: 'Отчет о функционировании чатов для каждого класса направить в срок до 2 ноября 2024 года.', due: '2024-11-02' }, schools: list, filed,
  };
}
function capitalised(s: string): string { return s.charAt(0).toUpperCase() + s.slice(1); }
