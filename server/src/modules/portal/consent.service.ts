import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ConsentBodySchema, ConsentStatus } from '../../../../contracts/portal.ts';
import type { Db } from '../../db/client.ts';
import { portalConsents } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import { AppError, invalid } from '../../lib/errors.ts';
import { NOTICE_VERSION } from './notice.ts';
import { accountLabel, loadAccount, type PortalCtx } from './portal-context.ts';

/**
 * Consent records (PIPL art. 14, 29): every grant and withdrawal, with the notice version and
 * time; the latest row of each kind is the current state. Personal data is stored only under a
 * personal-information consent to the current notice; the ID number only under the separate
 * sensitive-information consent. Withdrawal lives in rights.service.ts (it files a request).
 */
export async function consentStatus(db: Db, accountId: string): Promise<ConsentStatus> {
  const rows = await db.select().from(portalConsents).where(eq(portalConsents.accountId, accountId)).orderBy(asc(portalConsents.at), asc(portalConsents.kind));
  const state = (kind: 'personal' | 'sensitive') => {
    const last = rows.filter((r) => r.kind === kind).at(-1);
    const granted = last?.action === 'grant';
    return { granted, version: granted ? last!.noticeVersion : null, at: last ? last.at.toISOString() : null };
  };
  const personal = state('personal');
  return {
    currentVersion: NOTICE_VERSION,
    personal,
    sensitive: state('sensitive'),
    upToDate: personal.granted && personal.version === NOTICE_VERSION,
    history: rows.map((r) => ({ kind: r.kind as 'personal' | 'sensitive', action: r.action as 'grant' | 'withdraw', version: r.noticeVersion, at: r.at.toISOString() })),
  };
}

/** Throws CONSENT_REQUIRED unless the account consented to the current notice (and, if asked, to sensitive data). */
export async function requireConsent(db: Db, accountId: string, opts: { sensitive?: boolean } = {}): Promise<ConsentStatus> {
  const s = await consentStatus(db, accountId);
  if (!s.upToDate) throw new AppError('CONSENT_REQUIRED', 403, '请先阅读并同意最新的《个人信息处理告知书》');
  if (opts.sensitive && !s.sensitive.granted) throw invalid('idNumber', '填写证件号码须先单独同意处理敏感个人信息（证件号码）');
  return s;
}

export function assertCurrentVersion(version: string): void {
  if (version !== NOTICE_VERSION) throw invalid('consent.noticeVersion', '《个人信息处理告知书》已更新，请重新阅读后同意');
}

/** Writes the grant rows of a consent form (inside the caller's transaction). */
export async function recordGrants(
  db: Db,
  accountId: string,
  input: z.infer<typeof ConsentBodySchema>,
  meta: { ip: string | null; userAgent: string | null },
  current?: ConsentStatus,
): Promise<string[]> {
  const kinds: ('personal' | 'sensitive')[] = [];
  if (!current?.upToDate) kinds.push('personal');
  if (input.sensitiveInfo && !current?.sensitive.granted) kinds.push('sensitive');
  if (!kinds.length) return [];
  await db.insert(portalConsents).values(kinds.map((kind) => ({ accountId, kind, action: 'grant', noticeVersion: input.noticeVersion, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null })));
  return kinds;
}

/** The consent page: agree to the current notice and, separately, to sensitive information. */
export async function giveConsent(pctx: PortalCtx, input: z.infer<typeof ConsentBodySchema>): Promise<ConsentStatus> {
  assertCurrentVersion(input.noticeVersion);
  const account = await loadAccount(pctx.db, pctx.accountId);
  const current = await consentStatus(pctx.db, pctx.accountId);
  await pctx.db.transaction(async (tx) => {
    const kinds = await recordGrants(tx, pctx.accountId, input, pctx, current);
    if (kinds.length) {
      await appendAudit(tx, { action: 'portal.consent_grant', actorId: account.id, actorName: accountLabel(account), ip: pctx.ip, targetType: 'portal_account', targetId: account.id, detail: { kinds, version: input.noticeVersion } });
    }
  });
  return consentStatus(pctx.db, pctx.accountId);
}
