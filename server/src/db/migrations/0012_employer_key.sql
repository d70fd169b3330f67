-- Duplicate matching compares employers without white space and bracketed parts ("华为技术有限公司（深圳）"
-- = "华为技术 有限公司"). The same rule as employerKey() in server/src/modules/talents/duplicate-rules.ts
-- (a test checks both agree), as an immutable function so the registry can index name + employer key
-- and a large import looks up exact name + employer pairs instead of every namesake.
CREATE OR REPLACE FUNCTION fenggui_employer_key(e text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT nullif(regexp_replace(regexp_replace(coalesce(e, ''), '[\t\n\v\f\r \u00a0\u3000\ufeff]+', '', 'g'), '[（(][^）)]*[）)]', '', 'g'), '') $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "talents_name_employer_key_idx" ON "talents" ("name", fenggui_employer_key("employer")) WHERE "merged_into" IS NULL;
