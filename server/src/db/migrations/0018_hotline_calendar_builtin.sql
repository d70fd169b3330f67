-- The working-day calendar is built into the code (modules/hotline/calendar-defaults.ts); the
-- table holds only years the city saved. Rows seeded by 0009 (no updated_by) go, so a fresh
-- database is empty again (restore needs that).
DELETE FROM "hotline_calendar_days" WHERE "updated_by" IS NULL;
