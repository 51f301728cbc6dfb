// A Temporal server as an operator finds it: a dev server started without any --search-attribute flag, like a fresh
// cluster's namespace. The system registers what it needs at start, and the example campaign launches and lists.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchCampaign } from '../../client/launch-campaign';
import { searchAttributeCommands } from '../../config/search-attributes-registration';
import { SEARCH_ATTRIBUTE_DECLARATIONS } from '../../domain/search-attributes';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { startDevServer, type DevServer } from '../../scripts/lib/temporal-dev-server';
import { exampleCampaign } from '../support/example-campaign';
import { freePort } from '../support/free-port';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

let server: DevServer;
let app: TestApp;

beforeAll(async () => {
  const port = await freePort();
  server = await startDevServer({
    cliPath: ensureTemporalCli(),
    ip: '127.0.0.1',
    port,
    logFile: join(tmpdir(), `decree-bare-temporal-${port}.log`),
    searchAttributes: false,
  });
  const before = await (await import('@temporalio/client')).Connection.connect({ address: server.address });
  const listed = await before.operatorService.listSearchAttributes({ namespace: 'default' });
  expect(Object.keys(listed.customAttributes ?? {})).not.toContain('CampaignId');
  await before.close();
  app = await startTestApp('bare-namespace', { TEMPORAL_ADDRESS: server.address });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await server?.stop();
});

it('registers every search attribute it uses at start, then launches the example and lists its tasks by them', async () => {
  const { customAttributes } = await app.client.connection.operatorService.listSearchAttributes({
    namespace: 'default',
  });
  expect(Object.keys(customAttributes ?? {})).toEqual(
    expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTE_DECLARATIONS)),
  );
  const campaign = exampleCampaign();
  await launchCampaign(
    { client: app.client, taskQueue: app.config.temporal.taskQueue, documents: app.store.documents },
    campaign,
  );
  expect(await app.waitForMessages(12, (m) => m.subject.startsWith('ПОСТАНОВЛЕНИЕ № 380'))).toHaveLength(12);
  const count = await eventually(
    async () => (await app.client.workflow.count(`CampaignId = "${campaign.id}" AND TaskStatus = "open"`)).count,
    (n) => n === 36,
  );
  expect(count).toBe(36);
}, 120_000);

it('tells an operator without the right one command per attribute (one --type for several --name registers one)', () => {
  expect(searchAttributeCommands('campaigns', ['CampaignId', 'DueDate'])).toEqual([
    'temporal operator search-attribute create --namespace campaigns --name CampaignId --type Keyword',
    'temporal operator search-attribute create --namespace campaigns --name DueDate --type Datetime',
  ]);
});
