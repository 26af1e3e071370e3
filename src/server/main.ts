// Process entry: read config, open the database, listen (answering /health with 503 while
// starting), migrate, seed the synthetic demo region on first start, then serve.
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import { deleteExpiredSessions } from './auth/store.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/index.ts';
import { GuidelineCatalogue } from './guidelines/catalogue.ts';
import { migrate } from './db/migrate.ts';
import { loadReferenceData } from './directory/reference-data.ts';
import { ensureDemoData } from './synthetic/demo.ts';
import { findscuCommand } from './interop/dicom/findscu-command.ts';
import { createDicomListener } from './interop/dicom/server.ts';
import type { Listener } from './listener.ts';
import { ensureDemoSchedule } from './scheduling/demo-schedule.ts';
import { ensureDemoAssessment } from './synthetic/demo-assessment.ts';
import { ensureDemoReports } from './reporting/demo.ts';
import { ensureDemoConsults } from './reading/demo-consults.ts';
import { ensureDemoBooking } from './booking/demo.ts';
import { ensureDemoTaskSharing } from './synthetic/demo-task-sharing.ts';
import { ensureDemoTraining } from './training/demo.ts';
import { createAnalyticsRefresher } from './analytics/refresher.ts';
import { loadIndicators } from './analytics/indicators.ts';
import { refreshAggregates } from './analytics/store.ts';
import { seedDemoScenarios } from './capacity/service.ts';

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
  // The guideline pack in effect, read and validated from content/guidelines (a bad file stops the start).
  const guidelines = GuidelineCatalogue.fromContent();
  const app = await buildApp({ db, config: cfg, ready: false, logger: { level: cfg.logLevel }, guidelines });
  // Listeners beside HTTP (the listener seam): started once the database is ready, stopped first.
  const dicom = createDicomListener({
    db: db.kysely,
    aeTitle: cfg.dicomAeTitle,
    port: cfg.dicomPort,
    host: cfg.host,
    log: app.log,
    mppsClockSkewSeconds: cfg.mppsClockSkewSeconds,
    idleTimeoutSeconds: cfg.dicomIdleTimeoutSeconds,
  });
  const listeners: Listener[] = [dicom, createAnalyticsRefresher(db.kysely, cfg.analyticsRefreshSeconds, app.log)];
  const listening: Listener[] = [];
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    for (const l of listening) await l.stop().catch((e: unknown) => app.log.warn({ err: e, listener: l.name }, 'listener did not stop cleanly'));
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: cfg.port, host: cfg.host });
  // The bound port: with PORT=0 the OS picks a free one (the tests start the server that way).
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${cfg.host === '0.0.0.0' ? 'localhost' : cfg.host}:${port}`;
  process.stdout.write(`Listening at ${url} (starting)\n`);

  app.readiness.phase = 'migrating';
  const applied = await migrate(db);
  if (applied.length > 0) app.log.info({ applied }, 'migrations applied');

  // Code lists and population tables are part of every installation, demo or not.
  await loadReferenceData(db.kysely);

  app.readiness.phase = 'seeding';
  const demo = await ensureDemoData(
    db,
    cfg,
    (message) => {
      app.readiness.detail = message;
      process.stdout.write(`  ${message}\n`);
    },
    new Date(),
    guidelines.current().pack,
  );
  /** Runs one demo step, shows it in /health and prints how long it took (a slow step is visible at once). */
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    app.readiness.detail = label;
    const t0 = Date.now();
    const result = await run();
    process.stdout.write(`  ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    return result;
  };
  const schedule = cfg.seed ? await step('Demo schedule for the scanners', () => ensureDemoSchedule(db.kysely, new Date())) : undefined;
  if (cfg.seed) {
    // Today's referrals in the vetting inbox (varied deadlines, a duplicate pair, message threads).
    await step('Demo vetting inbox', () => ensureDemoAssessment(db.kysely, guidelines.current().pack, new Date()));
    // Final reports on the history, LIS reports to countersign, feedback and the GP's notifications.
    await step('Demo reports', () => ensureDemoReports(db.kysely, new Date()));
    // Second opinions around the demo radiologist (open, answered, and one to answer).
    await step('Demo second opinions', () => ensureDemoConsults(db.kysely, 'user-demo-radiolog', new Date()));
    await step('Demo bookings', () => ensureDemoBooking(db.kysely, new Date()));
    // Blind second assessments of radiographers' decisions (quality of task sharing report).
    await step('Demo task sharing', () => ensureDemoTaskSharing(db.kysely, new Date()));
    // A LIS with an individual plan, progress, supervision and a notification to supervisor and leader.
    await step('Demo specialist training', () => ensureDemoTraining(db.kysely, new Date()));
  }
  if (demo.seeded && demo.regionId) {
    const regionId = demo.regionId;
    // A fresh demo builds its analytics aggregates before it reports ready, not in the refresher's
    // first run after: pages that read them (analytics, capacity) answered "no exam data" for the
    // first half-minute or so. Last, so the slices the demo steps above marked are built too.
    await step('Analytics aggregates of the demo', () => refreshAggregates(db.kysely, loadIndicators()));
    // Two saved capacity scenarios of the region, computed (and so checked) on those aggregates.
    await step('Demo capacity scenarios', () => seedDemoScenarios(db.kysely, regionId, 'user-demo-avdelingsleder', new Date().getUTCFullYear()));
  }
  app.readiness.phase = 'warming';
  for (const warmUp of app.readiness.warmUps) await warmUp();
  app.readiness.ready = true;
  app.readiness.phase = 'ready';
  app.readiness.detail = undefined;

  // Expired sessions are removed hourly (they are already refused when read).
  const sweep = setInterval(() => void deleteExpiredSessions(db.kysely).catch((e: unknown) => app.log.warn({ err: e }, 'session sweep failed')), 3_600_000);
  sweep.unref();

  const addresses: string[] = [];
  for (const l of listeners) {
    addresses.push(await l.start());
    listening.push(l);
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const dicomHost = cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host;
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
      ? [
          `CDS Hooks as a record system would call it (signed by the demo client, key in ${demo.cdsClient.keyFile}):`,
          `  npx tsx scripts/cds-call.ts --url ${url} --key ${demo.cdsClient.keyFile}`,
          '',
        ]
      : []),
    ...addresses.map((a) => `Also running: ${a}`),
    ...(schedule?.exampleAeTitle
      ? [
          `The DICOM worklist for ${schedule.exampleDate === schedule.today ? 'today' : schedule.exampleDate} as the modality ${schedule.exampleAeTitle} fetches it (${schedule.exampleCount} steps for this machine; ${schedule.todayCount} today on all machines, ${schedule.total} in the coming three weeks):`,
          `  ${findscuCommand({ aeTitle: schedule.exampleAeTitle, calledAe: cfg.dicomAeTitle, host: dicomHost, port: dicom.port(), date: schedule.exampleDate })}`,
          '',
        ]
      : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
