import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { openFromEnv } from '../bootstrap.ts';
import type { Database } from '../db/client.ts';
import type { Env } from '../env.ts';
import { loadMasterKey, masterKeySource, readDataKeys, unwrapDataKey } from '../lib/pii.ts';
import { backupToFile, defaultBackupFile } from './backup.ts';
import { checkSidecar, fileSource, restoreBackup, verifyBackup } from './restore.ts';
import { rotateMasterKey } from './rewrap.ts';
import { countStale, rotateDataKey } from './rotate.ts';

/** `fenggui backup`, `restore`, `keys status` and `keys rotate` (wired in cli.ts). */

type WithDb = <T>(env: Env, name: string, fn: (db: Database) => Promise<T>) => Promise<T>;

const wholeNumber = (min: number) => (v: string) => {
  const n = Number(v.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
  return n;
};

function printTables(tables: { name: string; rows: number }[]): void {
  const width = Math.max(...tables.map((t) => t.name.length));
  for (const t of tables) console.log(`  ${t.name.padEnd(width)}  ${t.rows.toLocaleString('en').padStart(12)}`);
  console.log(`  ${'total'.padEnd(width)}  ${tables.reduce((n, t) => n + t.rows, 0).toLocaleString('en').padStart(12)}`);
}

export function registerBackupCommands(program: Command, deps: { env: () => Env; withDb: WithDb }): void {
  program
    .command('backup')
    .description('write an encrypted, checksummed backup of the whole database (a consistent snapshot, also while servers run on PostgreSQL)')
    .option('--out <file>', 'backup file (default ./fenggui-backup-<time>.fgbak); its SHA-256 goes to <file>.sum')
    .option('--batch-size <n>', 'rows read per round trip', wholeNumber(1), 1000)
    .action((o: { out?: string; batchSize: number }) =>
      deps.withDb(deps.env(), 'backup', async (db) => {
        const env = deps.env();
        const started = Date.now();
        const r = await backupToFile(db, env, o.out ?? defaultBackupFile(), { batchSize: o.batchSize });
        printTables(r.header.tables);
        const key = env.BACKUP_KEY || env.BACKUP_KEY_FILE ? 'BACKUP_KEY' : 'a key derived from the master key';
        console.log(`Backup written: ${r.file} (${(r.bytes / 1048576).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s), encrypted with ${key}.`);
        console.log(`SHA-256 ${r.sha256} (in ${r.sumFile})`);
      }),
    );

  program
    .command('restore <file>')
    .description('restore a backup into an EMPTY database: checks key and MAC first, then loads everything in one transaction')
    .option('--check', 'only verify the file (checksum, key, MAC, row counts); no database is opened')
    .option('--batch-size <n>', 'rows per INSERT', wholeNumber(1), 1000)
    .action(async (file: string, o: { check?: boolean; batchSize: number }) => {
      const env = deps.env();
      if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
      const source = fileSource(file);
      const v = await verifyBackup(source, env, { full: !!o.check });
      const sum = checkSidecar(file, v.sha256);
      console.log(
        `${file}: intact (HMAC-SM3 verified${sum === 'ok' ? ', SHA-256 matches the .sum file' : '; no .sum file beside it'}); made ${v.header.createdAt} by Fenggui ${v.header.version} on ${v.header.database}.`,
      );
      if (o.check) {
        printTables(v.header.tables);
        return;
      }
      const database = await openFromEnv(env, 'fenggui restore');
      try {
        const r = await restoreBackup(database, env, source, { batchSize: o.batchSize, verified: v, log: (s) => console.log(s) });
        printTables(r.tables);
        console.log(`Restored ${r.totalRows.toLocaleString('en')} rows. Check the audit chain with \`fenggui audit verify\`.`);
      } finally {
        await database.close();
      }
    });

  const keys = program.command('keys').description('the encryption keys of personal data (ID numbers, phones)');
  keys
    .command('status')
    .description('the data keys, the current one, and how many rows still hold values under older keys')
    .action(() =>
      deps.withDb(deps.env(), 'keys status', async (db) => {
        const env = deps.env();
        const master = loadMasterKey(env);
        const dk = await readDataKeys(db.db, () => master);
        console.log(`Master key from: ${masterKeySource(env)}`);
        for (const k of dk.keys) {
          let opens = true;
          try {
            unwrapDataKey(master, k);
          } catch {
            opens = false;
            process.exitCode = 1;
          }
          console.log(`  data key ${k.id}${k.id === dk.current ? ' (current)' : ''}${k.createdAt ? `, created ${k.createdAt}` : ''}: ${opens ? 'opens with this master key' : 'does NOT open with this master key'}`);
        }
        const stale = await countStale(db.db, dk.current);
        for (const [table, n] of Object.entries(stale)) console.log(`  ${table}: ${n.toLocaleString('en')} rows with values under an older key`);
        if (dk.keys.length > 1) console.log('A rotation is unfinished: run `fenggui keys rotate` to finish it.');
      }),
    );
  keys
    .command('rotate')
    .description('new data key, then re-encrypt every value in batches (resumable, servers keep running); --master: re-wrap the data keys under a new master key')
    .option('--master', 're-wrap the data keys under MASTER_KEY_NEW / MASTER_KEY_NEW_FILE (embedded: a generated key replaces DATA_DIR/master.key)')
    .option('--batch-size <n>', 'rows per batch (one transaction each)', wholeNumber(1), 1000)
    .option('--wait <seconds>', 'time running servers get to pick up a key change (default: 35 on PostgreSQL, 0 embedded)', wholeNumber(0))
    .action((o: { master?: boolean; batchSize: number; wait?: number }) =>
      deps.withDb(deps.env(), 'keys rotate', async (db) => {
        const env = deps.env();
        if (o.master) {
          const r = await rotateMasterKey(db, env);
          console.log(`Data key${r.keys.length > 1 ? 's' : ''} ${r.keys.join(', ')} re-wrapped under the new master key.`);
          if (r.keyFile) {
            console.log(`The new master key is in ${r.keyFile}; copy it to your off-site key escrow now.`);
            if (r.retiredKeyFile) console.log(`The previous key is in ${r.retiredKeyFile}: backups made before now need it. Move it to the escrow and delete it here.`);
          } else {
            console.log(
              'Now set MASTER_KEY (or MASTER_KEY_FILE) to the new key on every server and restart them one at a time; running servers keep working meanwhile, but one restarted with the old key cannot read or write personal data. Keep the old master key in escrow while you keep backups made before now.',
            );
          }
          return;
        }
        const r = await rotateDataKey(db, env, { batchSize: o.batchSize, propagationMs: o.wait === undefined ? undefined : o.wait * 1000, log: (s) => console.log(s) });
        console.log(`Done: ${r.reencrypted.toLocaleString('en')} rows re-encrypted under data key ${r.to}.`);
      }),
    );
}
