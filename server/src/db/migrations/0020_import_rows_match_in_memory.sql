DROP INDEX "talent_import_rows_name_birth_idx";--> statement-breakpoint
DROP INDEX "talent_import_rows_name_employer_idx";--> statement-breakpoint
DROP INDEX "talent_import_rows_phones_idx";--> statement-breakpoint
ALTER TABLE "talent_import_rows" DROP COLUMN "employer_key";