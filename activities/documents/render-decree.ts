// Renders the decree PDF from the campaign and stores it by its SHA-256.
import type { Campaign } from '../../domain/campaign-schema';
import { renderDecreeText } from '../texts/decree-text';
import type { TextRenderer } from '../texts/renderer';
import { decreeDocument } from './decree-layout';
import type { DocumentStore, StoredDocument } from './document-store';
import { renderPdf } from './pdf-printer';

export async function renderDecreePdf(campaign: Campaign, renderer: TextRenderer): Promise<Buffer> {
  return renderPdf(decreeDocument(campaign, renderDecreeText(campaign, renderer)));
}

export async function renderAndStoreDecree(campaign: Campaign, renderer: TextRenderer, store: DocumentStore): Promise<StoredDocument> {
  return store.put(await renderDecreePdf(campaign, renderer), 'application/pdf');
}
