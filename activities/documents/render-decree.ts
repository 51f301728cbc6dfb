// Renders the decree PDF from the campaign and stores it by its SHA-256.
import type { Campaign } from '../../domain/campaign-schema';
import { renderDecreeText, type DecreeText } from '../texts/decree-text';
import type { TextRenderer } from '../texts/renderer';
import { decreeDocument } from './decree-layout';
import type { DocumentStore, StoredDocument } from '../../store/document-store';
import { renderPdf } from './pdf-printer';

export async function renderDecreePdf(campaign: Campaign, renderer: TextRenderer): Promise<Buffer> {
  return renderPdf(decreeDocument(campaign, renderDecreeText(campaign, renderer)));
}

/** The stored PDF and the rendered words it was made from (the task pages and mails quote the clauses). */
export async function renderAndStoreDecree(campaign: Campaign, renderer: TextRenderer, store: DocumentStore): Promise<{ document: StoredDocument; text: DecreeText }> {
  const text = renderDecreeText(campaign, renderer);
  const document = await store.put(await renderPdf(decreeDocument(campaign, text)), 'application/pdf');
  return { document, text };
}
