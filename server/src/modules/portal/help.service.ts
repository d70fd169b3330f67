import type { z } from 'zod';
import { HOTLINE_CATEGORIES } from '../../../../contracts/hotline.ts';
import type { HelpRequestBodySchema } from '../../../../contracts/portal.ts';
import { getPii } from '../../lib/pii.ts';
import { createCase, listCasesForPortalAccount } from '../hotline/hotline.service.ts';
import { requireConsent } from './consent.service.ts';
import { addMyDataSection } from './my-data.ts';
import { loadAccount, type PortalCtx } from './portal-context.ts';
import { latestRegistration, linkedTalent } from './profile.service.ts';

/**
 * "Ask for help" (我要求助): the request becomes a case of the return hotline (source `portal`,
 * the city hotline dispatches it) through the hotline's own createCase — the talent is the one of
 * the session, never one named in the request. "My requests" shows status and answer only.
 */
export async function askForHelp(pctx: PortalCtx, input: z.infer<typeof HelpRequestBodySchema>) {
  await requireConsent(pctx.db, pctx.accountId);
  const account = await loadAccount(pctx.db, pctx.accountId);
  const talent = await linkedTalent(pctx.db, account);
  const pii = await getPii(pctx.db, pctx.env);
  const name = talent?.name ?? ((await latestRegistration(pctx.db, account.id))?.data as { name?: string } | undefined)?.name ?? null;
  const phone = account.phoneEnc ? pii.decrypt(account.phoneEnc) : undefined;
  const email = account.emailEnc ? pii.decrypt(account.emailEnc) : null;
  return createCase(pctx.db, { accountId: account.id, talentId: talent?.id ?? null, env: pctx.env, ip: pctx.ip }, {
    source: 'portal',
    category: input.category,
    subject: input.subject,
    content: input.content,
    contactPref: input.contactPref,
    callerName: name,
    callerPhone: phone,
    contactNote: email ? `邮箱：${email}` : undefined,
    countyId: null,
  });
}

export async function myHelpRequests(pctx: PortalCtx) {
  const account = await loadAccount(pctx.db, pctx.accountId);
  const talent = await linkedTalent(pctx.db, account);
  return listCasesForPortalAccount(pctx.db, account.id, talent?.id ?? null);
}

addMyDataSection(async (pctx) => ({
  key: 'helpRequests',
  title: '我的求助',
  rows: (await myHelpRequests(pctx)).map((c) => ({
    提交时间: c.createdAt,
    编号: c.number,
    类型: HOTLINE_CATEGORIES[c.category as keyof typeof HOTLINE_CATEGORIES] ?? c.category,
    内容: c.content,
    状态: c.statusLabel,
    答复: c.answer,
  })),
}));
