// The decree as an official document: ГОСТ Р 7.0.97 requisites and margins (left 30 mm, others 20 mm).
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Campaign } from '../../domain/campaign-schema';
import { formatRuDate } from '../../domain/dates';
import type { DecreeText } from '../texts/decree-text';
import { GOST_MARGINS, MM, pageNumberHeader } from './layout-kit';

const PARAGRAPH_INDENT = 12.5 * MM;

function header(campaign: Campaign): Content[] {
  const { issuer } = campaign;
  return [
    { text: issuer.lines.join('\n'), style: 'issuer' },
    { text: [issuer.address, issuer.contacts, issuer.requisites].filter(Boolean).join('\n'), style: 'requisites' },
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 160 * MM, y2: 0, lineWidth: 1.5 }], margin: [0, 4, 0, 12] },
  ];
}

function kindNumberDate(campaign: Campaign): Content[] {
  const { decree } = campaign;
  return [
    { text: decree.kind, style: 'kind' },
    {
      columns: [
        { text: `от ${formatRuDate(decree.date)} г.`, alignment: 'left' },
        { text: `№ ${decree.number}`, alignment: 'right' },
      ],
      margin: [0, 0, 0, 4],
    },
    ...(decree.place ? [{ text: decree.place, alignment: 'center' as const, fontSize: 12 }] : []),
    { text: decree.title, style: 'title' },
  ];
}

function body(campaign: Campaign, text: DecreeText): Content[] {
  const paragraphs: Content[] = text.preamble.map((p) => ({ text: p, style: 'paragraph' }));
  paragraphs.push({ text: campaign.decree.enactingWords, style: 'enacting' });
  for (const clause of text.clauses) {
    paragraphs.push({
      text: `${clause.number}. ${clause.text}`,
      style: 'paragraph',
      leadingIndent: PARAGRAPH_INDENT * (1 + clause.depth * 0.5),
    });
  }
  return paragraphs;
}

function signature(campaign: Campaign): Content {
  const { signature: s } = campaign.decree;
  return {
    columns: [
      { text: s.position, alignment: 'left' },
      { text: s.name, alignment: 'right' },
    ],
    margin: [0, 36, 0, 0],
  };
}

export function decreeDocument(campaign: Campaign, text: DecreeText): TDocumentDefinitions {
  const { decree } = campaign;
  return {
    pageSize: 'A4',
    pageMargins: GOST_MARGINS,
    info: {
      title: `${decree.kind} № ${decree.number} от ${formatRuDate(decree.date)}`,
      author: campaign.issuer.lines.join(' '),
      subject: decree.title,
      creator: 'decree-campaigns',
      producer: 'decree-campaigns',
      // A fixed date makes the bytes, and so the SHA-256, depend on the campaign only.
      creationDate: new Date(`${decree.date}T00:00:00Z`),
    },
    // ГОСТ Р 7.0.97: page numbers at the top centre, from the second page on.
    header: pageNumberHeader(12),
    content: [...header(campaign), ...kindNumberDate(campaign), ...body(campaign, text), signature(campaign)],
    defaultStyle: { font: 'PTSerif', fontSize: 14, lineHeight: 1.1 },
    styles: {
      issuer: { bold: true, alignment: 'center', fontSize: 14 },
      requisites: { alignment: 'center', fontSize: 10, margin: [0, 4, 0, 0] },
      kind: { bold: true, alignment: 'center', fontSize: 16, margin: [0, 6, 0, 10] },
      title: { bold: true, alignment: 'center', margin: [20 * MM, 12, 20 * MM, 12] },
      // Left-aligned: pdfmake's justification widens the gap after a hyphen, which breaks copied words.
      paragraph: { alignment: 'left', leadingIndent: PARAGRAPH_INDENT, margin: [0, 0, 0, 4] },
      enacting: { bold: true, characterSpacing: 1, margin: [PARAGRAPH_INDENT, 6, 0, 6] },
    },
  };
}
