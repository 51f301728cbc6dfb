// The only way workflows reach I/O: activities with explicit timeouts and retry policies.
import { proxyActivities } from '@temporalio/workflow';
import type { CampaignActivities } from '../activities';

const retry = { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', nonRetryableErrorTypes: ['InvalidCampaign'] };

/** Rendering is CPU work; a stuck render is retried. */
export const documents = proxyActivities<Pick<CampaignActivities, 'renderDecree'>>({
  startToCloseTimeout: '2m',
  retry,
});

/** Mail may wait for a slow or down SMTP server: retried without a limit on attempts, each send idempotent by Message-ID. */
export const mail = proxyActivities<Pick<CampaignActivities, 'mailDecreeToSchool' | 'mailTaskReceipt'>>({
  startToCloseTimeout: '1m',
  retry,
});
