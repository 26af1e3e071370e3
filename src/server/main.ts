// Process entry: read config, open the database, listen (answering /health with 503 while
// starting), migrate, seed the synthetic demo region on first start, then serve.
import { buildApp } from './app.ts';
import { deleteExpiredSessions } from './auth/store.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/index.ts';
import { migrate } from './db/migrate.ts';
import { loadReferenceData } from './directory/reference-data.ts';
import { ensureDemoData } from './synthetic/demo.ts';

async function main() {
  const started = Date.now();
  let cfg;
  try {
    cfg = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const db = await openDatabase({ url: cfg.databaseUrl, dataDir: cfg.dataDir, pgliteSharedBuffers: cfg.pgliteSharedBuffers });
  const app = await buildApp({ db, config: cfg, ready: false, logger: { level: cfg.logLevel } });
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: cfg.port, host: cfg.host });
  const url = `http://${cfg.host === '0.0.0.0' ? 'localhost' : cfg.host}:${cfg.port}`;

  app.readiness.phase = 'migrating';
  const applied = await migrate(db);
  if (applied.length > 0) app.log.info({ applied }, 'migrations applied');

  // Code lists and population tables are part of every installation, demo or not.
  await loadReferenceData(db.kysely);

  app.readiness.phase = 'seeding';
  const demo = await ensureDemoData(db, cfg, (message) => {
    app.readiness.detail = message;
    process.stdout.write(`  ${message}\n`);
  });
  app.readiness.phase = 'warming';
  for (const warmUp of app.readiness.warmUps) await warmUp();
  app.readiness.ready = true;
  app.readiness.phase = 'ready';
  app.readiness.detail = undefined;

  // Expired sessions are removed hourly (they are already refused when read).
  const sweep = setInterval(() => void deleteExpiredSessions(db.kysely).catch((e: unknown) => app.log.warn({ err: e }, 'session sweep failed')), 3_600_000);
  sweep.unref();

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const lines = [
    '',
    `Radvis is ready at ${url}  (${db.engine === 'pglite' ? `embedded database in ${cfg.dataDir}` : 'PostgreSQL'}; started in ${seconds} s)`,
    '',
    `Demo logins (password for all: ${cfg.demoPassword}):`,
    ...demo.accounts.map((a) => `  ${a.username.padEnd(22)} ${a.roleLabel.padEnd(34)} ${a.organization}`),
    '',
    ...(demo.patients?.length
      ? [
          'Demo patients to refer as fastlege (synthetic; find them by name and birth date, or by fødselsnummer):',
          ...demo.patients.map((p) => `  ${p.name.padEnd(30)} born ${p.birthDate.split('-').reverse().join('.')}   fødselsnummer ${p.fnr}`),
          '',
        ]
      : []),
    ...(demo.cdsClient
      ? [`CDS Hooks as a record system would call it (signed by the demo client, key in ${demo.cdsClient.keyFile}):`, `  npx tsx scripts/cds-call.ts --url ${url} --key ${demo.cdsClient.keyFile}`, '']
      : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
