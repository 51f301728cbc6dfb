import { join } from 'node:path';
import { loadCampaignFile } from '../../client/load-campaign';

export const EXAMPLE_CAMPAIGN_FILE = join(__dirname, '..', '..', 'examples', 'sergokala-380', 'campaign.yaml');

export function exampleCampaign() {
  return loadCampaignFile(EXAMPLE_CAMPAIGN_FILE);
}
