// A second server process for tests of several instances on one database (the live reading bus,
// published advice): opens DATABASE_URL as it is (no migration, no demo seed), builds the app and
// listens on 127.0.0.1 with a free port, then prints `LISTENING <url>` on stdout. Stops on SIGTERM.
// Plain JavaScript, so it runs either way second-server.ts starts it:
//   node src/server/testing/serve-app.mjs --compiled   the compiled server (dist/server, as `npm start`)
//   npx tsx src/server/testing/serve-app.mjs           the TypeScript sources (src/server)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const compiled = process.argv.includes('--compiled');
/** A server module by its path under src/server (without extension), from dist/server when compiled. */
const serverModule = (name) => import(new URL(compiled ? `../../../dist/server/${name}.js` : `../${name}.ts`, import.meta.url).href);
const [{ buildApp }, { loadConfig }, { openDatabase }] = await Promise.all([serverModule('app'), serverModule('config'), serverModule('db/index')]);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'radvis-serve-'));
const config = {
  ...loadConfig({ DATABASE_URL: url, RADVIS_WEB_DIR: '/nonexistent-web-dir', RADVIS_DATA_DIR: dataDir, PORT: '0' }),
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
