-- Registry search at scale (bench/results/20261126-search-analysis.md).
-- 1. A narrow covering index of the filter/facet columns, so counts and facets under filters are
--    index-only scans instead of scans of the wide heap (encrypted fields, hashes, search grams).
CREATE INDEX IF NOT EXISTS "talents_filter_idx" ON "talents"
  ("owner_county_id", "category", "degree", "status", "tier", "title_level", "source", "industry_code")
  INCLUDE ("updated_at", "id") WHERE "merged_into" IS NULL;
--> statement-breakpoint
-- 2. The same led by the common filters, for city-wide counts (no county predicate to lead with).
CREATE INDEX IF NOT EXISTS "talents_filter_city_idx" ON "talents"
  ("category", "degree", "status", "tier")
  INCLUDE ("owner_county_id", "title_level", "source", "industry_code", "updated_at", "id") WHERE "merged_into" IS NULL;
--> statement-breakpoint
-- 3. Better estimates for pinyin/initials prefixes, so the planner uses their indexes.
ALTER TABLE "talents" ALTER COLUMN "name_initials" SET STATISTICS 1000;
--> statement-breakpoint
ALTER TABLE "talents" ALTER COLUMN "name_pinyin" SET STATISTICS 1000;
--> statement-breakpoint
ANALYZE "talents";
