import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../db/client.ts';

/**
 * Tests' fresh PGlite databases start from one migrated template instead of running every
 * migration again: PGlite's initdb plus 20-odd migrations cost 2–3 s per test file on two cores,
 * loading a dump of the migrated data directory about a third of that.
 *
 * The dump is a file in the temp directory named by a hash of the migrations and the PGlite
 * version, so a changed migration makes a new template and never reuses a stale one. It is written
 * to a temporary name and renamed, so two test workers building it at once cannot leave half a
 * file; older templates are removed when a new one is written.
 */
const PREFIX = 'fenggui-pglite-template-';

function templateKey(): string {
  const h = createHash('sha256');
  // The installed PGlite's package.json (not exported as a subpath): its version is part of the key.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  h.update(fs.readFileSync(path.join(dir, 'package.json')));
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else h.update(name).update(fs.readFileSync(p));
    }
  };
  walk(MIGRATIONS_DIR);
  return h.digest('hex').slice(0, 16);
}

let cached: Promise<Blob> | undefined;

async function buildTemplate(file: string): Promise<Blob> {
  const database = await openDatabase({});
  try {
    await database.migrate();
    const dump = await database.pglite!.dumpDataDir('none');
    const bytes = Buffer.from(await dump.arrayBuffer());
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
    for (const old of fs.readdirSync(path.dirname(file))) {
      const p = path.join(path.dirname(file), old);
      if (old.startsWith(PREFIX) && p !== file && !old.includes('.tar.')) fs.rmSync(p, { force: true });
    }
    return new Blob([bytes]);
  } finally {
    await database.close();
  }
}

/** The migrated template as a dump, built once per set of migrations. */
function template(): Promise<Blob> {
  cached ??= (async () => {
    const file = path.join(os.tmpdir(), `${PREFIX}${templateKey()}.tar`);
    if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
    return buildTemplate(file);
  })();
  return cached;
}

/** A fresh, migrated in-memory PGlite database. */
export async function freshPglite(): Promise<Database> {
  const database = await openDatabase({ loadDataDir: await template() });
  // Applies nothing on the template (it records every migration) but keeps the promise that a
  // fresh database is fully migrated even if the template were somehow behind.
  await database.migrate();
  return database;
}
