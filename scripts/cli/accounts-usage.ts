// The accounts commands' usage lines: decree-cli prints them without loading the accounts code.
export const ACCOUNTS_USAGE = [
  '  npm run decree -- accounts add ЛОГИН --role office|auditor|admin [--password-stdin]',
  '  npm run decree -- accounts reset-password ЛОГИН [--password-stdin]',
  '  npm run decree -- accounts disable ЛОГИН',
];
