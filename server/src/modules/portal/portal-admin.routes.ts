import { IdParamSchema } from '../../../../contracts/common.ts';
import {
  ApproveChangeBodySchema,
  ApproveRegistrationBodySchema,
  ChangeItemSchema,
  ChangeListSchema,
  PORTAL_REVIEWERS,
  RegistrationDetailSchema,
  RegistrationListSchema,
  RejectBodySchema,
  ResolveRightsBodySchema,
  ReviewListQuerySchema,
  RightsListQuerySchema,
  StaffRightsListSchema,
  StaffRightsRequestSchema,
} from '../../../../contracts/portal-admin.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { approveChange, getChange, listChanges, rejectChange } from './changes.service.ts';
import { approveRegistration, getRegistration, listRegistrations, rejectRegistration } from './review.service.ts';
import { getRightsRequest, listRightsRequests, resolveRightsRequest } from './rights.service.ts';

const tags = ['portal-admin'];
const access = PORTAL_REVIEWERS;

/** Staff queues of the portal: registrations, changes, rights requests — each in the reviewer's county scope. */
export async function portalAdminRoutes(app: App) {
  app.get('/api/portal-admin/registrations', {
    config: { access },
    schema: { tags, summary: '本人登记审核列表', querystring: ReviewListQuerySchema, response: { 200: RegistrationListSchema } },
    handler: (req) => listRegistrations(ctxOf(req), req.query),
  });
  app.get('/api/portal-admin/registrations/:id', {
    config: { access },
    schema: { tags, summary: '本人登记详情（含匹配到的人才记录）', params: IdParamSchema, response: { 200: RegistrationDetailSchema } },
    handler: (req) => getRegistration(ctxOf(req), req.params.id),
  });
  app.post('/api/portal-admin/registrations/:id/approve', {
    config: { access },
    schema: { tags, summary: '确认登记（关联已有记录或新建记录）', params: IdParamSchema, body: ApproveRegistrationBodySchema, response: { 200: RegistrationDetailSchema } },
    handler: (req) => approveRegistration(ctxOf(req), req.params.id, req.body, req.log),
  });
  app.post('/api/portal-admin/registrations/:id/reject', {
    config: { access },
    schema: { tags, summary: '退回登记（原因本人可见）', params: IdParamSchema, body: RejectBodySchema, response: { 200: RegistrationDetailSchema } },
    handler: (req) => rejectRegistration(ctxOf(req), req.params.id, req.body, req.log),
  });
  app.get('/api/portal-admin/changes', {
    config: { access },
    schema: { tags, summary: '本人申请的信息变更列表', querystring: ReviewListQuerySchema, response: { 200: ChangeListSchema } },
    handler: (req) => listChanges(ctxOf(req), req.query),
  });
  app.get('/api/portal-admin/changes/:id', {
    config: { access },
    schema: { tags, summary: '信息变更详情', params: IdParamSchema, response: { 200: ChangeItemSchema } },
    handler: (req) => getChange(ctxOf(req), req.params.id),
  });
  app.post('/api/portal-admin/changes/:id/approve', {
    config: { access },
    schema: { tags, summary: '通过信息变更（写入人才库）', params: IdParamSchema, body: ApproveChangeBodySchema, response: { 200: ChangeItemSchema } },
    handler: (req) => approveChange(ctxOf(req), req.params.id, req.body, req.log),
  });
  app.post('/api/portal-admin/changes/:id/reject', {
    config: { access },
    schema: { tags, summary: '退回信息变更（原因本人可见）', params: IdParamSchema, body: RejectBodySchema, response: { 200: ChangeItemSchema } },
    handler: (req) => rejectChange(ctxOf(req), req.params.id, req.body, req.log),
  });
  app.get('/api/portal-admin/rights-requests', {
    config: { access },
    schema: { tags, summary: '个人信息权利申请（30 日内办结）', querystring: RightsListQuerySchema, response: { 200: StaffRightsListSchema } },
    handler: (req) => listRightsRequests(ctxOf(req), req.query),
  });
  app.get('/api/portal-admin/rights-requests/:id', {
    config: { access },
    schema: { tags, summary: '权利申请详情', params: IdParamSchema, response: { 200: StaffRightsRequestSchema } },
    handler: (req) => getRightsRequest(ctxOf(req), req.params.id),
  });
  app.post('/api/portal-admin/rights-requests/:id/resolve', {
    config: { access },
    schema: { tags, summary: '办结权利申请（记录办理情况；办结删除申请即注销门户账号）', params: IdParamSchema, body: ResolveRightsBodySchema, response: { 200: StaffRightsRequestSchema } },
    handler: (req) => resolveRightsRequest(ctxOf(req), req.params.id, req.body, req.log),
  });
}
