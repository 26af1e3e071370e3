// Writes the referral advice in effect (published in Radvis, guidelines/authoring) back to the
// content file format, one file per topic, so the published content can be reviewed in git.
// Retired topics are not written; the script names them so their files can be removed.
//   npx tsx scripts/export-guidelines.ts [--out content/guidelines] [--database-url …] [--data-dir ./data]
// PGlite holds one process at a time: stop the server (or use --database-url) before running it.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/server/db/index.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { publishedTopics } from '../src/server/guidelines/authoring/views.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'content/guidelines' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string', default: './data' },
  },
  strict: true,
});
const db = await openDatabase({ url: values['database-url'], dataDir: values['database-url'] ? undefined : values['data-dir'] });
try {
  await migrate(db);
  const topics = await publishedTopics(db.kysely);
  if (topics.length === 0) console.log('Nothing published in this database yet (the content files are imported at the server start).');
  fs.mkdirSync(values.out!, { recursive: true });
  for (const t of topics) {
    const file = path.join(values.out!, `${t.topic.id}.yaml`);
    if (t.state === 'retired') {
      console.log(`${t.topic.id}: retired in Radvis (version ${t.topic.version}); its file is not written — remove ${file} if it should go`);
      continue;
    }
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (before === t.sourceYaml) continue;
    fs.writeFileSync(file, t.sourceYaml);
    console.log(`${file}: version ${t.topic.version}${before === null ? ' (new)' : ''}`);
  }
} finally {
  await db.close();
}
