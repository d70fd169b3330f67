import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let cookies: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
});
afterAll(() => t.close());

const as = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: { cookie: cookies[who]! } });
const pub = (url: string) => t.app.inject({ url });

describe('announcements (公告资讯)', () => {
  let id: string;

  it('the city writes a draft; bad input names the field; other roles are refused', async () => {
    const bad = await as('city', 'POST', '/api/announcements', { category: 'x', title: '', body: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['category', 'title', 'body']));
    for (const who of ['county1', 'hotline', 'sysadmin']) expect((await as(who, 'POST', '/api/announcements', { category: 'news', title: '标题', body: '正文' })).statusCode).toBe(403);
    const res = await as('city', 'POST', '/api/announcements', { category: 'job', title: '2026年凤城市事业单位引进高层次人才公告', summary: '面向海内外引进博士 50 名', body: '一、引进计划\n二、报名方式' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'draft', publishedAt: null, version: 1 });
    id = res.json().id;
  });

  it('drafts are not public', async () => {
    expect((await pub('/api/portal/announcements')).json().total).toBe(0);
    expect((await pub(`/api/portal/announcements/${id}`)).statusCode).toBe(404);
  });

  it('publishes and unpublishes with a version check; the portal follows; everything is audited', async () => {
    expect((await as('city', 'POST', `/api/announcements/${id}/publish`, { version: 0 })).statusCode).toBe(409);
    const p = await as('city', 'POST', `/api/announcements/${id}/publish`, { version: 1 });
    expect(p.json()).toMatchObject({ status: 'published', version: 2 });
    const list = (await pub('/api/portal/announcements')).json();
    expect(list.items).toEqual([expect.objectContaining({ id, title: '2026年凤城市事业单位引进高层次人才公告', category: 'job' })]);
    expect(list.items[0].body).toBeUndefined();
    expect((await pub(`/api/portal/announcements/${id}`)).json().body).toContain('报名方式');
    expect((await as('city', 'DELETE', `/api/announcements/${id}`)).statusCode).toBe(409);
    const u = await as('city', 'POST', `/api/announcements/${id}/unpublish`, { version: 2 });
    expect(u.json().status).toBe('draft');
    expect((await pub('/api/portal/announcements')).json().total).toBe(0);
    const edit = await as('city', 'PATCH', `/api/announcements/${id}`, { version: 3, title: '更正后的标题' });
    expect(edit.json().title).toBe('更正后的标题');
    expect((await as('city', 'DELETE', `/api/announcements/${id}`)).statusCode).toBe(200);
    expect((await as('city', 'GET', `/api/announcements/${id}`)).statusCode).toBe(404);
    const actions = (await t.database.db.select().from(auditLog).where(eq(auditLog.targetId, id))).map((a) => a.action).filter((a) => a.startsWith('announcement.'));
    expect(actions).toEqual(['announcement.create', 'announcement.publish', 'announcement.unpublish', 'announcement.update', 'announcement.delete']);
  });
});
