// A second server process for tests of several instances on one database (the live reading bus):
// opens DATABASE_URL as it is (no migration, no demo seed), builds the app and listens on
// 127.0.0.1 with a free port, then prints `LISTENING <url>` on stdout. Stops on SIGTERM.
// Run: DATABASE_URL=postgres://… npx tsx src/server/testing/serve-app.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/index.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-serve-'));
const config = {
  ...loadConfig({ DATABASE_URL: url, RADVIS_WEB_DIR: '/nonexistent-web-dir', RADVIS_DATA_DIR: dataDir, PORT: '0' } as NodeJS.ProcessEnv),
  logLevel: 'silent',
};
const db = await openDatabase({ url, poolSize: 2 });
const app = await buildApp({ db, config, ready: true });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`LISTENING ${address}\n`);
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => db.close())
    .finally(() => process.exit(0));
});
