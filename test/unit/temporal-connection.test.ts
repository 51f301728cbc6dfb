// The Temporal connection from Temporal's own configuration (envconfig): the TOML profile with TLS paths, and
// clear errors naming a missing certificate file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/app-config';
import { loadTemporalConnection } from '../../config/temporal-connection';
import { devServerArgs, devServerOptionsOf } from '../../scripts/lib/temporal-dev-server';

const dir = mkdtempSync(join(tmpdir(), 'envconfig-'));
const pem = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`);
  return path;
};

function profileFile(tls: Record<string, string>): string {
  const file = join(dir, `temporal-${Object.keys(tls).length}-${Math.random().toString(36).slice(2)}.toml`);
  const lines = [
    '[profile.region]',
    'address = "temporal.region.example:7233"',
    'namespace = "campaigns-05"',
    '[profile.region.tls]',
    ...Object.entries(tls).map(([k, v]) => `${k} = "${v}"`),
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('Temporal connection by the standard configuration', () => {
  it('reads address, namespace and TLS client certificate, key and server CA from a profile file', () => {
    const file = profileFile({
      client_cert_path: pem('client.pem'),
      client_key_path: pem('client.key'),
      server_ca_cert_path: pem('ca.pem'),
      server_name: 'temporal.region.internal',
    });
    const config = loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'region', DATA_DIR: dir });
    expect(config.temporal).toMatchObject({
      address: 'temporal.region.example:7233',
      namespace: 'campaigns-05',
      embedded: false,
    });
    const tls = config.temporal.connection.tls as {
      serverNameOverride?: string;
      clientCertPair?: { crt: Buffer; key: Buffer };
      serverRootCACertificate?: Buffer;
    };
    expect(tls.serverNameOverride).toBe('temporal.region.internal');
    expect(Buffer.from(tls.clientCertPair!.crt).toString()).toContain('client.pem');
    expect(Buffer.from(tls.clientCertPair!.key).toString()).toContain('client.key');
    expect(Buffer.from(tls.serverRootCACertificate!).toString()).toContain('ca.pem');
  });

  it('a missing certificate file is an error that names the file', () => {
    const missing = join(dir, 'no-such-client.pem');
    const file = profileFile({ client_cert_path: missing, client_key_path: pem('k2.key') });
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'region', DATA_DIR: dir })).toThrow(
      `Файл TLS для подключения к Temporal не найден: ${missing}`,
    );
    expect(() =>
      loadTemporalConnection({
        TEMPORAL_ADDRESS: 'x:7233',
        TEMPORAL_TLS_CLIENT_CERT_PATH: missing,
        TEMPORAL_TLS_CLIENT_KEY_PATH: pem('k3.key'),
      }),
    ).toThrow(missing);
  });

  it('a missing profile file, or a certificate without its key, is refused by name', () => {
    expect(() => loadTemporalConnection({ TEMPORAL_CONFIG_FILE: join(dir, 'absent.toml') })).toThrow(
      `Файл профиля Temporal не найден: ${join(dir, 'absent.toml')}`,
    );
    expect(() =>
      loadTemporalConnection({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: pem('only.pem') }),
    ).toThrow('и сертификат, и ключ клиента');
  });

  it('an API key (Temporal Cloud) turns TLS on; no address means the embedded dev server', () => {
    const cloud = loadTemporalConnection({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_API_KEY: 'secret-key',
    });
    expect(cloud.connectionOptions).toMatchObject({
      address: 'ns.acct.tmprl.cloud:7233',
      apiKey: 'secret-key',
      tls: true,
    });
    expect(loadConfig({ DATA_DIR: dir, HOME: dir }).temporal).toMatchObject({
      embedded: true,
      address: '127.0.0.1:7233',
    });
  });

  it('a shared PostgreSQL needs a link secret shared by every web server', () => {
    expect(() => loadConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://app@db.region.example/campaigns' })).toThrow(
      'LINK_SECRET',
    );
    expect(
      loadConfig({
        DATA_DIR: dir,
        DATABASE_URL: 'postgres://app@db.region.example/campaigns',
        LINK_SECRET: 's'.repeat(32),
      }).store,
    ).toMatchObject({ embedded: false, url: 'postgres://app@db.region.example/campaigns' });
  });
});

describe('the dev server npm start runs', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'decree-ui-'));
  const argsFor = (env: Record<string, string>) =>
    devServerArgs(devServerOptionsOf(loadConfig({ DATA_DIR: dataDir, ...env }), 'temporal'));

  it('serves no Web UI unless asked for: the UI has no sign-in and answers any Host header', () => {
    const args = argsFor({});
    expect(args).toContain('--headless');
    expect(args).not.toContain('--ui-port');
    expect(args.slice(args.indexOf('--ip'), args.indexOf('--ip') + 2)).toEqual(['--ip', '127.0.0.1']);
  });

  it('serves it on loopback when TEMPORAL_UI=on', () => {
    const args = argsFor({ TEMPORAL_UI: 'on', TEMPORAL_UI_PORT: '8299' });
    expect(args).not.toContain('--headless');
    expect(args.slice(args.indexOf('--ui-port'), args.indexOf('--ui-port') + 2)).toEqual(['--ui-port', '8299']);
    expect(() => loadConfig({ DATA_DIR: dataDir, TEMPORAL_UI: 'yes' })).toThrow('TEMPORAL_UI');
  });
});
