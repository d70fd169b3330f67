import { maskPhone } from '../../../contracts/id-number.ts';
import type { Db } from '../db/client.ts';
import { notificationOutbox } from '../db/schema/index.ts';
import type { Env } from '../env.ts';

/**
 * Sending SMS and email (验证码, notices to talents, leaders' greetings…), one interface for every
 * module: `notifierFor(db, env, log).send(channel, to, template, params)`.
 *
 * Templates are registered by the modules that use them (`defineTemplate`), so the text of a
 * message lives beside its feature and every channel renders the same params. Providers are chosen
 * per channel by NOTIFIER_SMS / NOTIFIER_EMAIL:
 *   outbox   — development and demo: the message goes to `notification_outbox` (the sysadmin's
 *              发件箱 page) and to the server log, never out of the system;
 *   webhook  — POST {channel, to, subject, text, template} as JSON to NOTIFIER_WEBHOOK_URL (the
 *              organisation's SMS/email gateway), bearer NOTIFIER_WEBHOOK_TOKEN;
 *   disabled — dropped (logged without content).
 * Further providers plug in with `registerNotifierProvider`. A failed delivery is logged and
 * reported as `{delivered: false}`; it never throws, so callers' answers do not depend on it.
 */
export type Channel = 'sms' | 'email';

export interface Rendered {
  subject: string | null;
  text: string;
}

export interface TemplateDef {
  /** Short text for SMS (with the 【sign】 added by the provider/gateway). */
  sms?: (params: Record<string, string>) => string;
  email?: (params: Record<string, string>) => { subject: string; text: string };
}

export interface Outgoing extends Rendered {
  channel: Channel;
  to: string;
  template: string;
}

export interface NotifierLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface NotifierProvider {
  deliver(msg: Outgoing): Promise<void>;
}
export type ProviderFactory = (deps: { db: Db; env: Env; log: NotifierLog }) => NotifierProvider;

export interface Notifier {
  send(channel: Channel, to: string, template: string, params?: Record<string, string>): Promise<{ delivered: boolean }>;
}

const templates = new Map<string, TemplateDef>();

export function defineTemplate(name: string, def: TemplateDef): void {
  templates.set(name, def);
}

export function render(channel: Channel, template: string, params: Record<string, string>): Rendered {
  const def = templates.get(template);
  if (!def) throw new Error(`notifier: unknown template ${template}`);
  if (channel === 'sms') {
    if (!def.sms) throw new Error(`notifier: template ${template} has no SMS text`);
    return { subject: null, text: def.sms(params) };
  }
  if (!def.email) throw new Error(`notifier: template ${template} has no email text`);
  return def.email(params);
}

/** 138****1234, z***@example.com: how recipients appear in logs and the outbox. */
export function maskRecipient(channel: Channel, to: string): string {
  if (channel === 'sms') return maskPhone(to);
  const [local = '', domain = ''] = to.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

const providers = new Map<string, ProviderFactory>();

export function registerNotifierProvider(name: string, factory: ProviderFactory): void {
  providers.set(name, factory);
}

registerNotifierProvider('outbox', ({ db, log }) => ({
  async deliver(m) {
    const toMasked = maskRecipient(m.channel, m.to);
    await db.insert(notificationOutbox).values({ channel: m.channel, toMasked, template: m.template, subject: m.subject, body: m.text });
    // Development/demo only: the text (with any code) is in the log so a developer can use it.
    log.info({ notifier: 'outbox', channel: m.channel, to: toMasked, template: m.template }, `[发件箱] ${m.subject ? `${m.subject}：` : ''}${m.text}`);
  },
}));

registerNotifierProvider('webhook', ({ env }) => ({
  async deliver(m) {
    if (!env.NOTIFIER_WEBHOOK_URL) throw new Error('NOTIFIER_WEBHOOK_URL is not set');
    const res = await fetch(env.NOTIFIER_WEBHOOK_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(env.NOTIFIER_WEBHOOK_TOKEN ? { authorization: `Bearer ${env.NOTIFIER_WEBHOOK_TOKEN}` } : {}) },
      body: JSON.stringify({ channel: m.channel, to: m.to, subject: m.subject, text: m.text, template: m.template }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
  },
}));

registerNotifierProvider('disabled', ({ log }) => ({
  async deliver(m) {
    log.info({ notifier: 'disabled', channel: m.channel, template: m.template }, 'notification dropped (provider disabled)');
  },
}));

const silent: NotifierLog = { info: () => {}, warn: () => {} };

export function providerName(env: Env, channel: Channel): string {
  return channel === 'sms' ? env.NOTIFIER_SMS : env.NOTIFIER_EMAIL;
}

/** True when a channel writes to the outbox (development/demo): the 发件箱 page is available. */
export function outboxEnabled(env: Env): boolean {
  return env.NOTIFIER_SMS === 'outbox' || env.NOTIFIER_EMAIL === 'outbox';
}

export function notifierFor(db: Db, env: Env, log: NotifierLog = silent): Notifier {
  return {
    async send(channel, to, template, params = {}) {
      const name = providerName(env, channel);
      const factory = providers.get(name);
      try {
        if (!factory) throw new Error(`no notifier provider ${name}`);
        await factory({ db, env, log }).deliver({ channel, to, template, ...render(channel, template, params) });
        return { delivered: true };
      } catch (err) {
        log.warn({ notifier: name, channel, template, to: maskRecipient(channel, to), err: (err as Error).message }, 'notification not delivered');
        return { delivered: false };
      }
    },
  };
}
