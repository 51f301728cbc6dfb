// The Temporal connection by Temporal's own configuration: environment variables (TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*) and the TOML profile file (TEMPORAL_CONFIG_FILE,
// TEMPORAL_PROFILE), so the worker, the web server and the CLI reach a secured cluster or Temporal Cloud alike.
import { existsSync } from 'node:fs';
import {
  loadClientConfigProfile,
  toClientOptions,
  type ClientConfigProfile,
  type ConfigDataSource,
} from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

export interface TemporalConnectionConfig {
  /** Absent: no server configured, `npm start` runs the embedded dev server. */
  profile: ClientConfigProfile;
  connectionOptions: NativeConnectionOptions;
  namespace?: string;
}

const TLS_FILES: [keyof NonNullable<ClientConfigProfile['tls']>, string][] = [
  ['clientCert', 'сертификат клиента (TEMPORAL_TLS_CLIENT_CERT_PATH / client_cert_path)'],
  ['clientKey', 'ключ клиента (TEMPORAL_TLS_CLIENT_KEY_PATH / client_key_path)'],
  ['serverCACert', 'сертификат центра сертификации сервера (TEMPORAL_TLS_SERVER_CA_CERT_PATH / server_ca_cert_path)'],
];

export function loadTemporalConnection(env: NodeJS.ProcessEnv): TemporalConnectionConfig {
  const overrideEnvVars = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const configFile = env.TEMPORAL_CONFIG_FILE;
  if (configFile && !existsSync(configFile))
    throw new Error(`Файл профиля Temporal не найден: ${configFile} (TEMPORAL_CONFIG_FILE)`);
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({
      overrideEnvVars,
      ...(env.TEMPORAL_PROFILE ? { profile: env.TEMPORAL_PROFILE } : {}),
    });
  } catch (err) {
    throw new Error(
      `Профиль подключения к Temporal не прочитан${configFile ? ` (${configFile})` : ''}: ${(err as Error).message}`,
    );
  }
  for (const [key, what] of TLS_FILES) {
    const source = profile.tls?.[key] as ConfigDataSource | undefined;
    if (source && 'path' in source && !existsSync(source.path))
      throw new Error(`Файл TLS для подключения к Temporal не найден: ${source.path} — ${what}`);
  }
  if (profile.tls && Boolean(profile.tls.clientCert) !== Boolean(profile.tls.clientKey)) {
    throw new Error('Для TLS-подключения к Temporal нужны и сертификат, и ключ клиента: указан только один из них.');
  }
  const { connectionOptions, namespace } = toClientOptions(profile);
  return { profile, connectionOptions, namespace };
}
