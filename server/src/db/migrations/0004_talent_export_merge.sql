CREATE TABLE "export_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requested_by" uuid NOT NULL,
	"filter" jsonb NOT NULL,
	"reason" text NOT NULL,
	"status" varchar(12) DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"expires_at" timestamp with time zone,
	"row_count" integer,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talent_duplicate_dismissals" (
	"talent_a" uuid NOT NULL,
	"talent_b" uuid NOT NULL,
	"dismissed_by" uuid,
	"dismissed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	CONSTRAINT "talent_duplicate_dismissals_talent_a_talent_b_pk" PRIMARY KEY("talent_a","talent_b")
);
--> statement-breakpoint
ALTER TABLE "export_requests" ADD CONSTRAINT "export_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_requests" ADD CONSTRAINT "export_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_duplicate_dismissals" ADD CONSTRAINT "talent_duplicate_dismissals_talent_a_talents_id_fk" FOREIGN KEY ("talent_a") REFERENCES "public"."talents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_duplicate_dismissals" ADD CONSTRAINT "talent_duplicate_dismissals_talent_b_talents_id_fk" FOREIGN KEY ("talent_b") REFERENCES "public"."talents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_duplicate_dismissals" ADD CONSTRAINT "talent_duplicate_dismissals_dismissed_by_users_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "export_requests_status_idx" ON "export_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "export_requests_requester_idx" ON "export_requests" USING btree ("requested_by","created_at");--> statement-breakpoint
CREATE INDEX "talent_duplicate_dismissals_b_idx" ON "talent_duplicate_dismissals" USING btree ("talent_b");