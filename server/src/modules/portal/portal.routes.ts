import { z } from 'zod';
import { CreateRightsRequestBodySchema, RightsRequestSchema } from '../../../../contracts/portal-admin.ts';
import { TalentCaseViewSchema } from '../../../../contracts/hotline.ts';
import { HelpRequestBodySchema, PortalProfileBodySchema, PortalProfileSchema, SaveProfileResultSchema } from '../../../../contracts/portal.ts';
import type { App } from '../../lib/http.ts';
import { getCity } from '../org/org.service.ts';
import { askForHelp, myHelpRequests } from './help.service.ts';
import { collectMyData, renderMyDataHtml } from './my-data.ts';
import { portalCtxOf } from './portal-context.ts';
import { getProfile, saveProfile } from './profile.service.ts';
import { createRightsRequest, listMyRightsRequests } from './rights.service.ts';

const tags = ['portal'];

/**
 * The talent's own data on the portal. Every route is `access: 'portal'`: the account comes from
 * the portal session and the talent is the one linked to it — no route takes a talent id.
 */
export async function portalRoutes(app: App) {
  app.get('/api/portal/profile', {
    config: { access: 'portal' },
    schema: { tags, summary: '我的登记信息', response: { 200: PortalProfileSchema } },
    handler: (req) => getProfile(portalCtxOf(req)),
  });
  app.put('/api/portal/profile', {
    config: { access: 'portal' },
    schema: { tags, summary: '填写或更新我的登记信息（身份、分类信息须县（市、区）审核）', body: PortalProfileBodySchema, response: { 200: SaveProfileResultSchema } },
    handler: (req) => saveProfile(portalCtxOf(req), req.body),
  });
  app.get('/api/portal/rights-requests', {
    config: { access: 'portal' },
    schema: { tags, summary: '我的个人信息权利申请', response: { 200: z.array(RightsRequestSchema) } },
    handler: (req) => listMyRightsRequests(portalCtxOf(req)),
  });
  app.post('/api/portal/rights-requests', {
    config: { access: 'portal' },
    schema: { tags, summary: '申请更正或删除个人信息', body: CreateRightsRequestBodySchema, response: { 201: RightsRequestSchema } },
    handler: async (req, reply) => reply.status(201).send(await createRightsRequest(portalCtxOf(req), req.body)),
  });
  app.get('/api/portal/help-requests', {
    config: { access: 'portal' },
    schema: { tags, summary: '我的求助（状态与答复）', response: { 200: z.array(TalentCaseViewSchema) } },
    handler: (req) => myHelpRequests(portalCtxOf(req)),
  });
  app.post('/api/portal/help-requests', {
    config: { access: 'portal' },
    schema: { tags, summary: '我要求助（进入返乡热线办理）', body: HelpRequestBodySchema, response: { 201: z.object({ id: z.uuid(), number: z.string() }) } },
    handler: async (req, reply) => reply.status(201).send(await askForHelp(portalCtxOf(req), req.body)),
  });
  app.get('/api/portal/my-data', {
    config: { access: 'portal' },
    schema: { tags, summary: '下载我的个人信息（JSON）' },
    handler: async (req, reply) => {
      const data = await collectMyData(portalCtxOf(req), 'json');
      const { _sections: _s, ...out } = data;
      reply.header('content-disposition', `attachment; filename="my-data.json"; filename*=UTF-8''${encodeURIComponent('我的个人信息.json')}`);
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(out, null, 2));
    },
  });
  app.get('/api/portal/my-data.html', {
    config: { access: 'portal' },
    schema: { tags, summary: '我的个人信息（可打印网页）' },
    handler: async (req, reply) => {
      const data = await collectMyData(portalCtxOf(req), 'html');
      const city = await getCity(app.database.db);
      return reply.type('text/html; charset=utf-8').send(renderMyDataHtml(data, city?.name ?? null));
    },
  });
}
