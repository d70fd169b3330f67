import { defineTemplate } from '../../lib/notifier.ts';

/** Messages the portal sends (lib/notifier.ts); params are strings. */
const SITE = '“一家人云服务平台”';

defineTemplate('portal.code', {
  sms: (p) => `您的验证码为 ${p.code}，用于${p.purpose}${SITE}账号，10 分钟内有效。请勿告诉他人；如非本人操作请忽略。`,
  email: (p) => ({
    subject: `${SITE}验证码`,
    text: `您好！\n\n您的验证码为 ${p.code}，用于${p.purpose}${SITE}账号，10 分钟内有效。请勿告诉他人。\n\n如非本人操作，请忽略本邮件。`,
  }),
});

defineTemplate('portal.already_registered', {
  sms: () => `您已使用此号码注册${SITE}，请直接登录；忘记密码可在登录页选择“忘记密码”。如非本人操作请忽略。`,
  email: () => ({
    subject: `${SITE}：您已有账号`,
    text: `您好！\n\n有人（可能是您本人）尝试使用此邮箱注册${SITE}，但此邮箱已有账号。请直接登录；忘记密码可在登录页选择“忘记密码”。\n\n如非本人操作，请忽略本邮件。`,
  }),
});

defineTemplate('portal.no_account', {
  sms: () => `有人尝试为此号码找回${SITE}的密码，但此号码尚未注册。如需使用，请先注册。如非本人操作请忽略。`,
  email: () => ({
    subject: `${SITE}：找回密码`,
    text: `您好！\n\n有人尝试为此邮箱找回${SITE}的密码，但此邮箱尚未注册。如需使用，请先注册。\n\n如非本人操作，请忽略本邮件。`,
  }),
});

defineTemplate('portal.review_result', {
  sms: (p) => `您在${SITE}的${p.what}${p.result}${p.reason ? `，原因：${p.reason}` : ''}。详情请登录平台查看。`,
  email: (p) => ({
    subject: `${SITE}：${p.what}${p.result}`,
    text: `您好！\n\n您在${SITE}的${p.what}${p.result}${p.reason ? `，原因：${p.reason}` : ''}。\n\n详情请登录平台查看。`,
  }),
});
