import { z } from 'zod';
import { ChamberBodySchema, ChamberSchema, PatchChamberBodySchema } from '../../../../contracts/chambers.ts';
import { IdParamSchema } from '../../../../contracts/common.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { createChamber, listChambers, patchChamber } from './chambers.service.ts';

const tags = ['chambers'];

export async function chambersRoutes(app: App) {
  app.get('/api/chambers', {
    config: { access: ['city_admin', 'county_admin', 'outpost_staff'] },
    schema: { tags, summary: '商会名录', response: { 200: z.array(ChamberSchema) } },
    handler: () => listChambers(app.database.db),
  });
  app.post('/api/chambers', {
    config: { access: ['city_admin'] },
    schema: { tags, summary: '新增商会', body: ChamberBodySchema, response: { 201: ChamberSchema } },
    handler: async (req, reply) => reply.status(201).send(await createChamber(ctxOf(req), req.body)),
  });
  app.patch('/api/chambers/:id', {
    config: { access: ['city_admin'] },
    schema: { tags, summary: '修改商会（含停用）', params: IdParamSchema, body: PatchChamberBodySchema, response: { 200: ChamberSchema } },
    handler: (req) => patchChamber(ctxOf(req), req.params.id, req.body),
  });
}
