import { z } from 'zod';
import {
  CountrySchema,
  DivisionCodeSchema,
  DivisionSchema,
  OrgSchema,
  OutpostSchema,
  UpdateOrgBodySchema,
} from '../../../../contracts/org.ts';
import { outposts } from '../../db/schema/index.ts';
import { forbidden } from '../../lib/errors.ts';
import { hasRole } from '../../lib/context.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { childDivisions, countryList, divisionName } from './divisions.ts';
import { getCity, getOrg, saveOrg } from './org.service.ts';

export async function orgRoutes(app: App) {
  app.get('/api/org', {
    config: { access: 'authenticated' },
    schema: { tags: ['org'], summary: '本市及所辖县（市、区）', response: { 200: OrgSchema } },
    handler: () => getOrg(app.database.db),
  });

  // city_admin edits the organisation; on a fresh system (no city yet) the sysadmin does the
  // first-run set-up, since no city_admin exists yet.
  app.put('/api/org', {
    config: { access: ['city_admin', 'sysadmin'] },
    schema: { tags: ['org'], summary: '设置本市及所辖县（市、区）', body: UpdateOrgBodySchema, response: { 200: OrgSchema } },
    handler: async (req) => {
      const ctx = ctxOf(req);
      const initialised = (await getCity(ctx.db)) !== null;
      if (initialised && !hasRole(ctx.user, 'city_admin')) throw forbidden('组织机构已初始化，只有市委人才办可以修改');
      return saveOrg(ctx.db, req.body, { id: ctx.user.id, name: ctx.user.username, ip: ctx.ip }, initialised ? 'org.update' : 'org.init');
    },
  });

  app.get('/api/divisions', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['org'],
      summary: '全国行政区划（GB/T 2260），按上级代码取下级',
      querystring: z.object({ parent: DivisionCodeSchema.optional() }),
      response: { 200: z.array(DivisionSchema) },
    },
    handler: (req) => childDivisions(req.query.parent),
  });

  app.get('/api/countries', {
    config: { access: 'authenticated' },
    schema: { tags: ['org'], summary: '国家和地区（境外）', response: { 200: z.array(CountrySchema) } },
    handler: () => countryList(),
  });

  app.get('/api/outposts', {
    config: { access: ['city_admin', 'county_admin', 'sysadmin', 'security_admin', 'outpost_staff'] },
    schema: { tags: ['outposts'], summary: '驻外人才工作站列表', response: { 200: z.array(OutpostSchema) } },
    handler: async () => {
      const rows = await app.database.db.select().from(outposts).orderBy(outposts.name);
      return rows.map((o) => ({
        id: o.id,
        name: o.name,
        divisionCode: o.divisionCode,
        divisionName: divisionName(o.divisionCode),
        hostOrganisation: o.hostOrganisation,
      }));
    },
  });
}
