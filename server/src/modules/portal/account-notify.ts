import type { Db } from '../../db/client.ts';
import type { Env } from '../../env.ts';
import { notifierFor, type NotifierLog } from '../../lib/notifier.ts';
import { getPii } from '../../lib/pii.ts';
import type { PortalAccountRow } from './portal-context.ts';
import './portal-templates.ts';

/** Sends a portal template to the account's phone (or email when it registered by email). */
export async function notifyAccount(deps: { db: Db; env: Env; log?: NotifierLog }, account: PortalAccountRow, template: string, params: Record<string, string>) {
  const pii = await getPii(deps.db, deps.env);
  const n = notifierFor(deps.db, deps.env, deps.log);
  if (account.phoneEnc) return n.send('sms', pii.decrypt(account.phoneEnc), template, params);
  if (account.emailEnc) return n.send('email', pii.decrypt(account.emailEnc), template, params);
  return { delivered: false };
}
