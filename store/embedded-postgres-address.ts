// Where the embedded PostgreSQL listens: a Unix socket named as PostgreSQL names its own (`.s.PGSQL.<port>`) in
// DATA_DIR/postgres, so `psql -h DATA_DIR/postgres -p PORT -U postgres` reaches it too.
import { join } from 'node:path';

/** A Unix socket's path is limited to 108 bytes on Linux, its terminating NUL included. */
const MAX_SOCKET_PATH_BYTES = 107;

export function embeddedSocketPath(dir: string, port: number): string {
  const path = join(dir, `.s.PGSQL.${port}`);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw new Error(
      `путь к сокету встроенного PostgreSQL длиннее ${MAX_SOCKET_PATH_BYTES} байт (${path}): задайте DATA_DIR покороче`,
    );
  }
  return path;
}

/** node-postgres reads a `host` that begins with «/» as the directory of the socket. */
export function embeddedPostgresUrl(dir: string, port: number): string {
  return `postgres://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`;
}
