DROP INDEX "talent_import_rows_name_idx";--> statement-breakpoint
ALTER TABLE "talent_import_rows" ADD COLUMN "employer_key" text;--> statement-breakpoint
CREATE INDEX "talent_import_rows_name_birth_idx" ON "talent_import_rows" USING btree ("import_id","name","birth_date");--> statement-breakpoint
CREATE INDEX "talent_import_rows_name_employer_idx" ON "talent_import_rows" USING btree ("import_id","name","employer_key");