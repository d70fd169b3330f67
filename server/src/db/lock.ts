import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite admits one process at a time. Every process that opens the embedded data directory
 * takes this lock file first, so a second one (a CLI command while the server runs) is told
 * plainly who holds it instead of corrupting the data or failing obscurely.
 */
export interface DataDirLock {
  release(): void;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly holder: string,
  ) {
    super(
      `数据目录 ${dataDir} 正被进程 ${pid}（${holder}）使用。嵌入式数据库一次只允许一个进程打开。\n` +
        `The data directory ${dataDir} is in use by process ${pid} (${holder}); the embedded ` +
        `database admits one process at a time. Stop that process first (or run this command ` +
        `against PostgreSQL with DATABASE_URL), then try again.`,
    );
    this.name = 'DataDirBusyError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string, holder: string): DataDirLock {
  const file = path.join(dataDir, 'fenggui.lock');
  const mine = JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const cur = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
          if (cur.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let cur: { pid?: number; holder?: string } = {};
      try {
        cur = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        /* unreadable: treat as stale */
      }
      if (cur.pid && cur.pid !== process.pid && isAlive(cur.pid)) {
        throw new DataDirBusyError(dataDir, cur.pid, cur.holder ?? 'unknown');
      }
      // Stale lock from a process that died: take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
