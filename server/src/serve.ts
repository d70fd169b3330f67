import { sql } from 'drizzle-orm';
import type { Env } from './env.ts';
import { buildApp } from './app.ts';
import { ensureFirstAdmin, openFromEnv } from './bootstrap.ts';
import { sealLegacyRoles } from './lib/acl-integrity.ts';
import { startJobRunner } from './lib/jobs.ts';
import { purgeExpiredPortalSessions } from './lib/portal-session.ts';
import { purgeExpiredSessions } from './lib/session.ts';
import { purgeOldCodes } from './modules/portal/verification-codes.ts';
import { startAuditCheckScheduler } from './modules/audit/audit-checks.ts';
import { startEscalationScheduler } from './modules/hotline/escalation.ts';
import { startReminderScheduler } from './modules/liaison/reminders.ts';

/** Migrates, makes sure an administrator exists, and serves the UI and the API until stopped. */
export async function serve(env: Env): Promise<void> {
  const database = await openFromEnv(env, 'fenggui serve');
  await database.migrate();
  // Tag the role bindings of an older install once (after that, an untagged user has no roles).
  await sealLegacyRoles(database.db, env);
  await ensureFirstAdmin(database, env, (s) => console.log(s));
  await purgeExpiredSessions(database.db, env);
  const app = await buildApp({ database, env, serveWeb: true, logger: true });
  const purge = () => Promise.all([purgeExpiredSessions(database.db, env), purgeExpiredPortalSessions(database.db, env), purgeOldCodes(database.db)]);
  // Also every 15 minutes: the registry's facet counts folded into one row per key (each write adds
  // a few delta rows; the registry page sums them).
  const purgeAndCompact = () => Promise.all([purge(), database.db.execute(sql`select fenggui_compact_talent_facets()`)]);
  const timer = setInterval(() => void purgeAndCompact().catch(() => {}), 15 * 60_000);
  timer.unref();
  // Durable jobs (imports…). Embedded PGlite admits one process, so jobs it left running died with it.
  const jobs = startJobRunner(database.db, env, {
    exclusive: database.kind === 'pglite',
    log: (message, err) => app.log.error({ err }, message),
  });
  // The audit chain is checked daily while a server runs (a durable job; the auditor sees the results).
  const auditChecks = startAuditCheckScheduler(database.db, (message, err) => app.log.error({ err }, message));
  // Hotline cases past their SLA targets are escalated to the supervisors' list (a durable job every 5 minutes).
  const escalations = startEscalationScheduler(database.db, (message, err) => app.log.error({ err }, message));
  // Leaders' liaison reminders (a week before due, on due, overdue): an idempotent durable job, queued hourly.
  const liaisonReminders = startReminderScheduler(database.db, (message, err) => app.log.error({ err }, message));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(timer);
    auditChecks.stop();
    escalations.stop();
    liaisonReminders.stop();
    await jobs.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: env.PORT, host: env.HOST });
  const where = database.kind === 'pglite' ? `embedded PGlite in ${env.dataDir}` : 'PostgreSQL';
  console.log(`凤归 Fenggui is serving http://localhost:${env.PORT} (${where})`);
}
