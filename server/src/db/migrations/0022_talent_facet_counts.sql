CREATE TABLE "talent_facet_deltas" (
	"county_id" uuid NOT NULL,
	"facet" text NOT NULL,
	"value" text NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
DROP INDEX "talents_updated_idx";--> statement-breakpoint
CREATE INDEX "talent_facet_deltas_county_idx" ON "talent_facet_deltas" USING btree ("county_id");--> statement-breakpoint
CREATE INDEX "talents_updated_idx" ON "talents" USING btree ("updated_at","id");--> statement-breakpoint
-- Facet counts kept by statement-level triggers (talent_facet_deltas in schema/talents.ts): each
-- statement adds, per county, facet and value, the change it made. An UPDATE adds only the keys
-- whose count changed. The rows are grouped by their eight columns first (a few thousand
-- combinations for a 100,000-row import), then spread over the facets: spreading every row first
-- cost 3.3 s of a 100,000-row INSERT at 1M.
--
-- The facet keys of one combination of values: '' is the county's total (the ownerCountyId facet)
-- and stands for a null value. The facets are those of FACET_FIELDS in contracts/talents.ts.
CREATE OR REPLACE FUNCTION fenggui_talent_facet_keys(category text, degree text, title_level text, tier text, status text, source text, industry_section text)
  RETURNS TABLE (facet text, value text) LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ VALUES ('', ''), ('category', coalesce(category, '')), ('degree', coalesce(degree, '')),
    ('titleLevel', coalesce(title_level, '')), ('tier', coalesce(tier, '')), ('status', coalesce(status, '')),
    ('source', coalesce(source, '')), ('industrySection', coalesce(industry_section, '')) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION fenggui_talent_facets_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO talent_facet_deltas (county_id, facet, value, n)
  SELECT r.owner_county_id, f.facet, f.value, sum(r.d)::int
  FROM (SELECT owner_county_id, category, degree, title_level, tier, status, source, substr(industry_code, 1, 1) AS ind, count(*) AS d FROM new_rows WHERE merged_into IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) r
  CROSS JOIN LATERAL fenggui_talent_facet_keys(r.category, r.degree, r.title_level, r.tier, r.status, r.source, r.ind) AS f
  GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION fenggui_talent_facets_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO talent_facet_deltas (county_id, facet, value, n)
  SELECT r.owner_county_id, f.facet, f.value, sum(r.d)::int
  FROM (SELECT owner_county_id, category, degree, title_level, tier, status, source, substr(industry_code, 1, 1) AS ind, count(*) AS d FROM new_rows WHERE merged_into IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        UNION ALL
        SELECT owner_county_id, category, degree, title_level, tier, status, source, substr(industry_code, 1, 1) AS ind, -count(*) AS d FROM old_rows WHERE merged_into IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) r
  CROSS JOIN LATERAL fenggui_talent_facet_keys(r.category, r.degree, r.title_level, r.tier, r.status, r.source, r.ind) AS f
  GROUP BY 1, 2, 3
  HAVING sum(r.d) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION fenggui_talent_facets_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO talent_facet_deltas (county_id, facet, value, n)
  SELECT r.owner_county_id, f.facet, f.value, sum(r.d)::int
  FROM (SELECT owner_county_id, category, degree, title_level, tier, status, source, substr(industry_code, 1, 1) AS ind, -count(*) AS d FROM old_rows WHERE merged_into IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) r
  CROSS JOIN LATERAL fenggui_talent_facet_keys(r.category, r.degree, r.title_level, r.tier, r.status, r.source, r.ind) AS f
  GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER talents_facets_insert AFTER INSERT ON talents REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION fenggui_talent_facets_insert();
--> statement-breakpoint
CREATE TRIGGER talents_facets_update AFTER UPDATE ON talents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION fenggui_talent_facets_update();
--> statement-breakpoint
CREATE TRIGGER talents_facets_delete AFTER DELETE ON talents REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION fenggui_talent_facets_delete();
--> statement-breakpoint
-- Folds the deltas into one row per key. Rows inserted by transactions still running are not
-- visible to the DELETE and stay as they are; two compactions at once cannot count a row twice
-- (the second's DELETE skips rows the first deleted).
CREATE OR REPLACE FUNCTION fenggui_compact_talent_facets() RETURNS void LANGUAGE sql AS $$
  WITH d AS (DELETE FROM talent_facet_deltas RETURNING county_id, facet, value, n)
  INSERT INTO talent_facet_deltas (county_id, facet, value, n)
  SELECT county_id, facet, value, sum(n)::int FROM d GROUP BY 1, 2, 3 HAVING sum(n) <> 0
$$;
--> statement-breakpoint
-- The registry as it is now (under the migration's lock on talents through the trigger creation above).
INSERT INTO talent_facet_deltas (county_id, facet, value, n)
SELECT r.owner_county_id, f.facet, f.value, sum(r.d)::int
FROM (SELECT owner_county_id, category, degree, title_level, tier, status, source, substr(industry_code, 1, 1) AS ind, count(*) AS d FROM talents WHERE merged_into IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) r
  CROSS JOIN LATERAL fenggui_talent_facet_keys(r.category, r.degree, r.title_level, r.tier, r.status, r.source, r.ind) AS f
GROUP BY 1, 2, 3;
