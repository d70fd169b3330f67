import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { SystemInfoSchema } from '../../../../contracts/auth.ts';
import { users } from '../../db/schema/index.ts';
import type { App } from '../../lib/http.ts';
import { VERSION } from '../../version.ts';
import { getCity } from '../org/org.service.ts';

export async function systemRoutes(app: App) {
  app.get('/api/health', {
    config: { access: 'public' },
    schema: {
      tags: ['system'],
      summary: '健康检查',
      response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string() }) },
    },
    handler: async () => {
      await app.database.db.execute(sql`select 1`);
      return { status: 'ok' as const, db: app.database.kind, version: VERSION };
    },
  });

  app.get('/api/system/info', {
    config: { access: 'public' },
    schema: { tags: ['system'], summary: '系统信息（城市名称、演示模式）', response: { 200: SystemInfoSchema } },
    handler: async () => {
      const db = app.database.db;
      const [city, demo] = await Promise.all([
        getCity(db),
        db.select({ id: users.id }).from(users).where(and(eq(users.isDemo, true), eq(users.disabled, false))).limit(1),
      ]);
      return { cityName: city?.name ?? null, initialised: city !== null, demo: demo.length > 0, version: VERSION, uploadMaxMb: app.env.UPLOAD_MAX_MB };
    },
  });
}
