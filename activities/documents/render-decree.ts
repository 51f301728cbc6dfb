// Renders the decree PDF from the campaign and stores it by its SHA-256; issued by an activity, it carries its
// verification code.
import type { Campaign } from '../../domain/campaign-schema';
import { renderDecreeText, type DecreeText } from '../texts/decree-text';
import type { TextRenderer } from '../texts/renderer';
import { decreeDocument } from './decree-layout';
import type { StoredDocument } from '../../store/document-store';
import { issuePdf, withVerification, type DocumentIssuer } from './document-verification';
import { renderPdf } from './pdf-printer';

/** A preview (the office before launching, the CLI): no verification code, since it is not an issued document. */
export async function renderDecreePdf(campaign: Campaign, renderer: TextRenderer): Promise<Buffer> {
  return renderPdf(decreeDocument(campaign, renderDecreeText(campaign, renderer)));
}

/** The stored PDF and the rendered words it was made from (the task pages and mails quote the clauses). */
export async function renderAndStoreDecree(
  campaign: Campaign,
  renderer: TextRenderer,
  issuer: DocumentIssuer,
): Promise<{ document: StoredDocument; text: DecreeText }> {
  const text = renderDecreeText(campaign, renderer);
  const document = await issuePdf(issuer, { kind: 'decree', campaignId: campaign.id }, (v) =>
    renderPdf(withVerification(decreeDocument(campaign, text), v)),
  );
  return { document, text };
}
