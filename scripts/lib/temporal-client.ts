// A client of the configured Temporal, for the CLI and the benches: only the client package, not the app.
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../../config/app-config';

export async function connectTemporal(config: AppConfig): Promise<{ client: Client; connection: Connection }> {
  try {
    const connection = await Connection.connect(config.temporal.connection);
    return { connection, client: new Client({ connection, namespace: config.temporal.namespace }) };
  } catch (err) {
    throw new Error(
      `Сервер Temporal ${config.temporal.address} не отвечает или отказал в подключении: ${(err as Error).message}`,
    );
  }
}
