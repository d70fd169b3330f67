CREATE TABLE "hotline_calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" varchar(8) NOT NULL,
	"name" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_case_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_case_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"action" varchar(16) NOT NULL,
	"from_status" varchar(12),
	"to_status" varchar(12),
	"note" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "hotline_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" varchar(20) NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"source" varchar(12) NOT NULL,
	"caller_name" text,
	"caller_phone_enc" text,
	"caller_phone_hash" text,
	"caller_phone_masked" text,
	"talent_id" uuid,
	"category" varchar(16) NOT NULL,
	"county_id" uuid,
	"assignee_id" uuid,
	"status" varchar(12) DEFAULT 'new' NOT NULL,
	"waiting_caller" boolean DEFAULT false NOT NULL,
	"subject" text NOT NULL,
	"content" text NOT NULL,
	"contact_pref" varchar(12) DEFAULT 'phone' NOT NULL,
	"contact_note" text,
	"answer" text,
	"answered_at" timestamp with time zone,
	"sla_first_response_minutes" integer NOT NULL,
	"sla_resolution_minutes" integer NOT NULL,
	"paused_minutes" integer DEFAULT 0 NOT NULL,
	"paused_at" timestamp with time zone,
	"first_response_due_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"first_response_warn_at" timestamp with time zone,
	"resolution_warn_at" timestamp with time zone,
	"first_responded_at" timestamp with time zone,
	"first_response_used_minutes" integer,
	"resolution_used_minutes" integer,
	"first_response_met" boolean,
	"resolution_met" boolean,
	"escalated_at" timestamp with time zone,
	"outcome" varchar(12),
	"outcome_note" text,
	"project_id" uuid,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"satisfaction" smallint,
	"follow_up_note" text,
	"followed_up_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hotline_cases_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "hotline_sla_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category" varchar(16) NOT NULL,
	"level" varchar(8) NOT NULL,
	"first_response_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hotline_sla_policies_unique" UNIQUE("category","level")
);
--> statement-breakpoint
ALTER TABLE "hotline_case_events" ADD CONSTRAINT "hotline_case_events_case_id_hotline_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."hotline_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_cases" ADD CONSTRAINT "hotline_cases_talent_id_talents_id_fk" FOREIGN KEY ("talent_id") REFERENCES "public"."talents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_cases" ADD CONSTRAINT "hotline_cases_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_cases" ADD CONSTRAINT "hotline_cases_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hotline_calendar_days_kind_idx" ON "hotline_calendar_days" USING btree ("kind","day");--> statement-breakpoint
CREATE INDEX "hotline_case_events_case_idx" ON "hotline_case_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "hotline_cases_county_idx" ON "hotline_cases" USING btree ("county_id","created_at");--> statement-breakpoint
CREATE INDEX "hotline_cases_assignee_idx" ON "hotline_cases" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "hotline_cases_status_idx" ON "hotline_cases" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "hotline_cases_created_idx" ON "hotline_cases" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "hotline_cases_phone_idx" ON "hotline_cases" USING btree ("caller_phone_hash");--> statement-breakpoint
CREATE INDEX "hotline_cases_talent_idx" ON "hotline_cases" USING btree ("talent_id");--> statement-breakpoint
-- Working-day calendar: public holidays that fall on weekdays and adjusted working days (调休).
-- 2026 from the State Council notice of 2025-11-04; 2027 provisional (not yet announced) — edit on
-- the hotline calendar page when the notice is published.
INSERT INTO "hotline_calendar_days" ("day", "kind", "name") VALUES
('2026-01-01','holiday','元旦'),('2026-01-02','holiday','元旦'),('2026-01-04','workday','元旦调休上班'),
('2026-02-14','workday','春节调休上班'),('2026-02-16','holiday','春节'),('2026-02-17','holiday','春节'),('2026-02-18','holiday','春节'),('2026-02-19','holiday','春节'),('2026-02-20','holiday','春节'),('2026-02-23','holiday','春节'),('2026-02-28','workday','春节调休上班'),
('2026-04-06','holiday','清明节'),
('2026-05-01','holiday','劳动节'),('2026-05-04','holiday','劳动节'),('2026-05-05','holiday','劳动节'),('2026-05-09','workday','劳动节调休上班'),
('2026-06-19','holiday','端午节'),
('2026-09-20','workday','国庆节调休上班'),('2026-09-25','holiday','中秋节'),
('2026-10-01','holiday','国庆节'),('2026-10-02','holiday','国庆节'),('2026-10-05','holiday','国庆节'),('2026-10-06','holiday','国庆节'),('2026-10-07','holiday','国庆节'),('2026-10-10','workday','国庆节调休上班'),
('2027-01-01','holiday','元旦（预排）'),
('2027-02-05','holiday','春节（预排）'),('2027-02-08','holiday','春节（预排）'),('2027-02-09','holiday','春节（预排）'),('2027-02-10','holiday','春节（预排）'),('2027-02-11','holiday','春节（预排）'),('2027-02-12','holiday','春节（预排）'),('2027-02-14','workday','春节调休上班（预排）'),('2027-02-20','workday','春节调休上班（预排）'),
('2027-04-05','holiday','清明节（预排）'),
('2027-05-03','holiday','劳动节（预排）'),('2027-05-04','holiday','劳动节（预排）'),('2027-05-05','holiday','劳动节（预排）'),('2027-05-08','workday','劳动节调休上班（预排）'),
('2027-06-09','holiday','端午节（预排）'),
('2027-09-15','holiday','中秋节（预排）'),
('2027-09-26','workday','国庆节调休上班（预排）'),('2027-10-01','holiday','国庆节（预排）'),('2027-10-04','holiday','国庆节（预排）'),('2027-10-05','holiday','国庆节（预排）'),('2027-10-06','holiday','国庆节（预排）'),('2027-10-07','holiday','国庆节（预排）'),('2027-10-09','workday','国庆节调休上班（预排）')
ON CONFLICT ("day") DO NOTHING;
