import { z } from 'zod';
import {
  CalendarDayViewSchema, CalendarQuerySchema, HOTLINE_SETTINGS_EDITORS, HOTLINE_STAFF, HotlineSettingsSchema, PutCalendarYearBodySchema,
  PutSlaPoliciesBodySchema, StatsQuerySchema, StatsSchema, WorkHoursSchema,
} from '../../../../contracts/hotline.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { getCalendarYear, getHotlineSettings, putCalendarYear, putSlaPolicies, putWorkHours } from './settings.service.ts';
import { exportStats } from './stats-export.ts';
import { hotlineStats } from './stats.ts';

const tags = ['hotline'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function hotlineAdminRoutes(app: App) {
  app.get('/api/hotline/stats', {
    config: { access: HOTLINE_STAFF },
    schema: { tags, summary: '热线统计（类别、层级、时期、响应与办结用时、按时率、办理结果）', querystring: StatsQuerySchema, response: { 200: StatsSchema } },
    handler: (req) => hotlineStats(ctxOf(req), req.query),
  });
  app.get('/api/hotline/stats/export', {
    config: { access: HOTLINE_STAFF },
    schema: { tags, summary: '导出热线统计（xlsx）', querystring: StatsQuerySchema },
    handler: async (req, reply) => {
      const buf = await exportStats(ctxOf(req), req.query);
      const name = `返乡热线统计_${req.query.from}_${req.query.to}.xlsx`;
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="hotline_stats.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(buf);
    },
  });
  app.get('/api/hotline/settings', {
    config: { access: HOTLINE_STAFF },
    schema: { tags, summary: '热线工作时间与办理时限', response: { 200: HotlineSettingsSchema } },
    handler: (req) => getHotlineSettings(ctxOf(req)),
  });
  app.put('/api/hotline/settings/sla-policies', {
    config: { access: HOTLINE_SETTINGS_EDITORS },
    schema: { tags, summary: '设置办理时限（类别 × 层级，工作分钟）', body: PutSlaPoliciesBodySchema, response: { 200: HotlineSettingsSchema } },
    handler: (req) => putSlaPolicies(ctxOf(req), req.body.policies),
  });
  app.put('/api/hotline/settings/work-hours', {
    config: { access: HOTLINE_SETTINGS_EDITORS },
    schema: { tags, summary: '设置工作时段与临近超时提醒比例', body: WorkHoursSchema, response: { 200: HotlineSettingsSchema } },
    handler: (req) => putWorkHours(ctxOf(req), req.body),
  });
  app.get('/api/hotline/calendar', {
    config: { access: HOTLINE_STAFF },
    schema: { tags, summary: '某年的节假日与调休上班日', querystring: CalendarQuerySchema, response: { 200: z.array(CalendarDayViewSchema) } },
    handler: (req) => getCalendarYear(ctxOf(req), req.query.year),
  });
  app.put('/api/hotline/calendar', {
    config: { access: HOTLINE_SETTINGS_EDITORS },
    schema: { tags, summary: '设置某年的节假日与调休上班日（整年替换）', querystring: CalendarQuerySchema, body: PutCalendarYearBodySchema, response: { 200: z.array(CalendarDayViewSchema) } },
    handler: (req) => putCalendarYear(ctxOf(req), req.query.year, req.body.days),
  });
}
