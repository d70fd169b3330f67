CREATE TABLE "liaison_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"talent_id" uuid NOT NULL,
	"leader_id" uuid NOT NULL,
	"channel" varchar(8) NOT NULL,
	"contact_date" date NOT NULL,
	"summary" text NOT NULL,
	"problems" text,
	"follow_up_needed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "liaison_festivals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"day" date NOT NULL,
	"window_before" integer DEFAULT 7 NOT NULL,
	"window_after" integer DEFAULT 7 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "liaison_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"talent_id" uuid NOT NULL,
	"leader_id" uuid NOT NULL,
	"problem" text NOT NULL,
	"owner" text NOT NULL,
	"due_date" date NOT NULL,
	"status" varchar(8) DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "liaison_frequency_rules" (
	"tier" varchar(1) PRIMARY KEY NOT NULL,
	"interval_months" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "liaison_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county_id" uuid NOT NULL,
	"leader_id" uuid,
	"inspected_on" date NOT NULL,
	"inspector" text NOT NULL,
	"findings" text NOT NULL,
	"rectification_deadline" date,
	"rectified_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "liaison_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"talent_id" uuid NOT NULL,
	"kind" varchar(12) NOT NULL,
	"due_date" date NOT NULL,
	"text" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "liaison_notifications_once" UNIQUE("assignment_id","kind","due_date")
);
--> statement-breakpoint
ALTER TABLE "liaison_assignments" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "liaison_assignments" ADD COLUMN "ended_by" uuid;--> statement-breakpoint
ALTER TABLE "liaison_contacts" ADD CONSTRAINT "liaison_contacts_assignment_id_liaison_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."liaison_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liaison_contacts" ADD CONSTRAINT "liaison_contacts_talent_id_talents_id_fk" FOREIGN KEY ("talent_id") REFERENCES "public"."talents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liaison_contacts" ADD CONSTRAINT "liaison_contacts_leader_id_users_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liaison_follow_ups" ADD CONSTRAINT "liaison_follow_ups_contact_id_liaison_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."liaison_contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liaison_inspections" ADD CONSTRAINT "liaison_inspections_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liaison_inspections" ADD CONSTRAINT "liaison_inspections_leader_id_users_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liaison_notifications" ADD CONSTRAINT "liaison_notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "liaison_contacts_assignment_idx" ON "liaison_contacts" USING btree ("assignment_id","contact_date");--> statement-breakpoint
CREATE INDEX "liaison_contacts_leader_idx" ON "liaison_contacts" USING btree ("leader_id","contact_date");--> statement-breakpoint
CREATE INDEX "liaison_follow_ups_leader_idx" ON "liaison_follow_ups" USING btree ("leader_id","status");--> statement-breakpoint
CREATE INDEX "liaison_notifications_user_idx" ON "liaison_notifications" USING btree ("user_id","created_at");