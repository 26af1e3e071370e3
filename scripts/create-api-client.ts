// Registers an external system (e.g. a record system) that may call the FHIR API, and prints its
// bearer token once. Only the token's hash is stored.
//   npx tsx scripts/create-api-client.ts --name "EPJ Legesenteret" --organization gp-4601-1 [--scopes fhir.write,fhir.read] [--database-url …] [--data-dir ./data]
// The database is the server's (DATABASE_URL, else the embedded one in RADVIS_DATA_DIR, as
// config.ts reads them); the flags override. The embedded database takes one process at a time:
// stop the server (npm run demo / npm start) before running this against its data directory.
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashToken } from '../src/server/auth/sessions.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    organization: { type: 'string' },
    scopes: { type: 'string', default: 'fhir.write,fhir.read' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
  },
  strict: true,
});
if (!values.name || !values.organization) {
  console.error('usage: create-api-client --name <name> --organization <org id> [--scopes fhir.write,fhir.read]');
  process.exit(2);
}
const scopes = values.scopes!.split(',').map((s) => s.trim());
for (const s of scopes)
  if (!['fhir.write', 'fhir.read'].includes(s)) {
    console.error(`unknown scope ${s}`);
    process.exit(2);
  }
const cfg = loadConfig();
const url = values['database-url'] ?? (values['data-dir'] ? undefined : cfg.databaseUrl);
if (!url) console.error(`Using the embedded database in ${values['data-dir'] ?? cfg.dataDir}: the server must not be running on it.`);
const db = await openDatabase({ url, dataDir: url ? undefined : (values['data-dir'] ?? cfg.dataDir) });
try {
  await migrate(db);
  const org = await db.kysely.selectFrom('organization').select('id').where('id', '=', values.organization).executeTakeFirst();
  if (!org) {
    console.error(`no organization ${values.organization}`);
    process.exit(2);
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const id = `client-${crypto.randomUUID()}`;
  await db.kysely
    .insertInto('api_client')
    .values({ id, name: values.name, organization_id: values.organization, token_hash: hashToken(token), scopes })
    .execute();
  console.log(`client ${id} (${values.name}) with scopes ${scopes.join(', ')}\nbearer token (shown once): ${token}`);
} finally {
  await db.close();
}
