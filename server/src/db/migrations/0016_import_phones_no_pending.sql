DROP INDEX "talent_import_rows_phones_idx";--> statement-breakpoint
CREATE INDEX "talent_import_rows_phones_idx" ON "talent_import_rows" USING gin ("phone_hashes") WITH (fastupdate=false);