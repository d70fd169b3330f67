CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(40) NOT NULL,
	"status" varchar(8) DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"input" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"result" jsonb,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "talent_import_rows" (
	"import_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"sheet_no" integer NOT NULL,
	"sheet" text NOT NULL,
	"row_no" integer NOT NULL,
	"status" varchar(8) NOT NULL,
	"data" jsonb NOT NULL,
	"raw_enc" text,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"id_hash" text,
	"phone_hashes" text[] DEFAULT '{}'::text[] NOT NULL,
	"name" text,
	"birth_date" text,
	"employer" text,
	"match" jsonb,
	"matched" boolean DEFAULT false NOT NULL,
	"can_create" boolean DEFAULT true NOT NULL,
	"can_update" boolean DEFAULT false NOT NULL,
	"decision" varchar(8),
	"talent_id" uuid,
	"target_version" integer,
	"prepared" jsonb,
	"changes" jsonb,
	CONSTRAINT "talent_import_rows_import_id_seq_pk" PRIMARY KEY("import_id","seq")
);
--> statement-breakpoint
CREATE TABLE "talent_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_by" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_size" integer NOT NULL,
	"storage_key" text,
	"mode" varchar(8) NOT NULL,
	"campaign_id" uuid,
	"phase" varchar(10) DEFAULT 'uploaded' NOT NULL,
	"job_id" uuid,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"report" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "talent_import_rows" ADD CONSTRAINT "talent_import_rows_import_id_talent_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."talent_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_imports" ADD CONSTRAINT "talent_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_imports" ADD CONSTRAINT "talent_imports_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_status_idx" ON "jobs" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "talent_import_rows_ref_idx" ON "talent_import_rows" USING btree ("import_id","sheet_no","row_no");--> statement-breakpoint
CREATE INDEX "talent_import_rows_id_hash_idx" ON "talent_import_rows" USING btree ("import_id","id_hash");--> statement-breakpoint
CREATE INDEX "talent_import_rows_name_idx" ON "talent_import_rows" USING btree ("import_id","name");--> statement-breakpoint
CREATE INDEX "talent_import_rows_phones_idx" ON "talent_import_rows" USING gin ("phone_hashes");--> statement-breakpoint
CREATE INDEX "talent_imports_creator_idx" ON "talent_imports" USING btree ("created_by","created_at");