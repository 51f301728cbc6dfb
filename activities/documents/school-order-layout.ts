// A draft school order (проект приказа) appointing the person responsible for the platform, pre-filled from the
// decree so the school only writes in names, date and number. The school signs and registers it itself.
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { ContactRef } from '../../domain/school-task';
import { formatRuDate } from '../../domain/dates';
import { decreeCitation, decreeKindGenitive } from './school-report-layout';
import { GOST_MARGINS, MM, pageNumberHeader } from './layout-kit';

export interface SchoolOrderInput {
  school: { name: string; head: ContactRef };
  /** E.g. «ИКОП «Сферум»». */
  platform: string;
  /** issuer in the genitive, e.g. «Администрации МР «Сергокалинский район»». */
  decree: { kind: string; number: string; date: string; title: string; issuer: string };
  /** The clause about the responsible person (1.8 in decree №380) and its words. */
  clauseNumber: string;
  clauseText: string;
  /** ISO date the draft was prepared for; it fixes the PDF's creation date. */
  generatedFor: string;
}

const PARAGRAPH_INDENT = 12.5 * MM;
const BLANK_NAME = '____________________';
const LAW_273 = 'Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»';

export function schoolOrderDefinition(input: SchoolOrderInput): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: GOST_MARGINS,
    info: {
      title: `Проект приказа «${orderTitle(input.platform)}» — ${input.school.name}`,
      author: input.school.name,
      subject: `Пункт ${input.clauseNumber}: ${decreeCitation(input.decree)}`,
      creator: 'decree-campaigns',
      producer: 'decree-campaigns',
      creationDate: creationDateOf(input.generatedFor),
    },
    header: pageNumberHeader(12),
    content: [...heading(input), ...preamble(input), ...orders(input.platform, input.school.head)],
    // 13 pt (ГОСТ Р 7.0.97 allows 12–14) keeps a one-page order on one page.
    defaultStyle: { font: 'PTSerif', fontSize: 13, lineHeight: 1.05 },
    styles: {
      draft: { bold: true, alignment: 'right', fontSize: 12, characterSpacing: 2, margin: [0, 0, 0, 6] },
      school: { bold: true, alignment: 'center' },
      kind: { bold: true, alignment: 'center', fontSize: 16, characterSpacing: 1, margin: [0, 10, 0, 8] },
      title: { bold: true, alignment: 'center', margin: [20 * MM, 10, 20 * MM, 10] },
      // Left-aligned, as the decree: pdfmake's justification widens the gap after a hyphen.
      paragraph: { alignment: 'left', leadingIndent: PARAGRAPH_INDENT, margin: [0, 0, 0, 4] },
      enacting: { bold: true, characterSpacing: 1, margin: [0, 6, 0, 6] },
    },
  };
}

function orderTitle(platform: string): string {
  return `О назначении ответственного за работу в ${platform}`;
}

/** «2024-11-05» is midnight UTC of that day; a full timestamp is taken as given. */
function creationDateOf(generatedFor: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(generatedFor) ? `${generatedFor}T00:00:00Z` : generatedFor);
}

function heading({ school, platform }: SchoolOrderInput): Content[] {
  return [
    { text: 'ПРОЕКТ', style: 'draft' },
    { text: school.name, style: 'school' },
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 160 * MM, y2: 0, lineWidth: 1 }], margin: [0, 4, 0, 0] },
    { text: 'ПРИКАЗ', style: 'kind' },
    {
      columns: [
        { text: 'от «___» __________ 20__ г.', alignment: 'left' },
        { text: '№ ____', alignment: 'right' },
      ],
    },
    { text: orderTitle(platform), style: 'title' },
  ];
}

/** The decree's clause (1.8) is the reason; the school's power to adopt local acts (ч. 1, 2 ст. 30 of Law 273-ФЗ) is
 * the authority. */
function preamble({ decree, clauseNumber, clauseText }: SchoolOrderInput): Content[] {
  const citation = `пункта ${clauseNumber} ${decreeKindGenitive(decree.kind)} ${decree.issuer} № ${decree.number} от ${formatRuDate(decree.date)} «${decree.title}»`;
  const quoted = clauseText.trim() ? ` («${clauseText.trim().replace(/\.$/, '')}»)` : '';
  return [
    {
      text: `Во исполнение ${citation}${quoted}, в соответствии с частями 1, 2 статьи 30 ${LAW_273}`,
      style: 'paragraph',
    },
    { text: 'ПРИКАЗЫВАЮ:', style: 'enacting' },
  ];
}

/** Duties fall on staff only: students and parents join the platform voluntarily, so the order asks nothing of them. */
function orders(platform: string, head: ContactRef): Content[] {
  const items = [
    `1. Назначить ${BLANK_NAME} (ФИО, должность) ответственным за работу в ${platform}.`,
    `2. Ответственному за работу в ${platform}:`,
    '2.1. еженедельно анализировать статистику использования платформы педагогическими работниками и обучающимися и принимать меры по увеличению показателей;',
    `2.2. обеспечить ведение служебной переписки в ${platform}.`,
    `3. Классным руководителям: создать чаты классов в ${platform} и приглашать в них обучающихся и родителей (законных представителей); регистрация обучающихся и родителей на платформе добровольна.`,
  ];
  const last = '4. Контроль за исполнением настоящего приказа оставляю за собой.';
  // The last item travels with the signature: a signature never stands alone on a page.
  return [
    ...items.map((text): Content => ({ text, style: 'paragraph' })),
    { stack: [{ text: last, style: 'paragraph' }, ...signature(head)], unbreakable: true },
  ];
}

function signature(head: ContactRef): Content[] {
  return [
    {
      columns: [
        { text: head.position || 'Директор', alignment: 'left' },
        { text: head.name || BLANK_NAME, alignment: 'right' },
      ],
      margin: [0, 28, 0, 0],
    },
    { text: 'С приказом ознакомлен(а):', fontSize: 12, margin: [0, 20, 0, 0] },
    { text: `${BLANK_NAME} / ${BLANK_NAME} / «___» __________ 20__ г.`, fontSize: 12, margin: [0, 8, 0, 0] },
  ];
}
