// The application_name a pool gives its connections: the embedded server serves the task pages' connections
// first (store/embedded-postgres-server.ts), and a real server shows who holds a connection in pg_stat_activity.
export const PAGES_CONNECTION_NAME = 'decree-pages';
export const ACTIVITIES_CONNECTION_NAME = 'decree';
