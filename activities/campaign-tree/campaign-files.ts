// Campaign files by hash: stored once as a content-addressed document; each worker parses a file once and keeps
// the few it is working on, because every batch of a 40,000-school campaign reads the same one.
import { campaignSchema, type Campaign } from '../../domain/campaign-schema';
import type { CampaignRef } from '../../domain/campaign-tree';
import type { DocumentStore } from '../../store/document-store';
import { renderDecreeText } from '../texts/decree-text';
import type { TextRenderer } from '../texts/renderer';

export const CAMPAIGN_MEDIA_TYPE = 'application/vnd.decree-campaign+json';

export interface LoadedCampaign {
  campaign: Campaign;
  /** The clauses' words as the decree renders them (tasks and mails quote these). */
  clauseTexts: Record<string, string>;
}

export interface CampaignFiles {
  /** Stores the validated campaign and returns the reference workflows carry. */
  put(campaign: Campaign): Promise<CampaignRef>;
  load(ref: CampaignRef): Promise<LoadedCampaign>;
}

const KEPT = 4;

/** Stores the validated campaign; the reference is its hash, so storing the same file twice gives the same one. */
export async function storeCampaignFile(store: DocumentStore, campaign: Campaign): Promise<CampaignRef> {
  const { sha256 } = await store.put(Buffer.from(JSON.stringify(campaign)), CAMPAIGN_MEDIA_TYPE);
  return { campaignId: campaign.id, sha256 };
}

export function createCampaignFiles(store: DocumentStore, renderer: TextRenderer): CampaignFiles {
  const cache = new Map<string, Promise<LoadedCampaign>>();
  const read = async (ref: CampaignRef): Promise<LoadedCampaign> => {
    const bytes = await store.get(ref.sha256);
    if (!bytes) throw new Error(`campaign file ${ref.sha256} of ${ref.campaignId} is missing from the document store`);
    const campaign = campaignSchema.parse(JSON.parse(bytes.toString('utf8')));
    const text = renderDecreeText(campaign, renderer);
    return { campaign, clauseTexts: Object.fromEntries(text.clauses.map((c) => [c.number, c.text])) };
  };
  return {
    put: (campaign) => storeCampaignFile(store, campaign),
    load(ref) {
      let loading = cache.get(ref.sha256);
      if (!loading) {
        loading = read(ref);
        loading.catch(() => cache.delete(ref.sha256));
        cache.set(ref.sha256, loading);
        if (cache.size > KEPT) cache.delete(cache.keys().next().value!);
      }
      return loading;
    },
  };
}
