import { z } from 'zod';
import { CollectionDetailSchema, CollectionSchema, CreateCollectionBodySchema, ReviewBodySchema, SubmitBodySchema } from '../../../../contracts/collections.ts';
import { IdParamSchema } from '../../../../contracts/common.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { closeCollection, createCollection, getCollection, listCollections, reviewCollection, submitCollection } from './collections.service.ts';

const tags = ['collections'];
const readers = ['city_admin', 'county_admin'] as const;

export async function collectionsRoutes(app: App) {
  app.get('/api/collections', {
    config: { access: readers },
    schema: { tags, summary: '信息统计任务列表', response: { 200: z.array(CollectionSchema) } },
    handler: (req) => listCollections(ctxOf(req)),
  });
  app.post('/api/collections', {
    config: { access: ['city_admin'] },
    schema: { tags, summary: '发起信息统计', body: CreateCollectionBodySchema, response: { 201: CollectionDetailSchema } },
    handler: async (req, reply) => reply.status(201).send(await createCollection(ctxOf(req), req.body)),
  });
  app.get('/api/collections/:id', {
    config: { access: readers },
    schema: { tags, summary: '信息统计详情与各县报送情况', params: IdParamSchema, response: { 200: CollectionDetailSchema } },
    handler: (req) => getCollection(ctxOf(req), req.params.id),
  });
  app.post('/api/collections/:id/submit', {
    config: { access: readers },
    schema: { tags, summary: '县（市、区）确认报送完成', params: IdParamSchema, body: SubmitBodySchema, response: { 200: CollectionDetailSchema } },
    handler: (req) => submitCollection(ctxOf(req), req.params.id, req.body),
  });
  app.post('/api/collections/:id/review', {
    config: { access: ['city_admin'] },
    schema: { tags, summary: '市委人才办审核报送', params: IdParamSchema, body: ReviewBodySchema, response: { 200: CollectionDetailSchema } },
    handler: (req) => reviewCollection(ctxOf(req), req.params.id, req.body),
  });
  app.post('/api/collections/:id/close', {
    config: { access: ['city_admin'] },
    schema: { tags, summary: '结束信息统计', params: IdParamSchema, response: { 200: CollectionDetailSchema } },
    handler: (req) => closeCollection(ctxOf(req), req.params.id),
  });
}
