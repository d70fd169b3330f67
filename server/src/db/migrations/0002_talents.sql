CREATE TABLE "liaison_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"talent_id" uuid NOT NULL,
	"leader_id" uuid NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talent_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"talent_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"action" text NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "talent_saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"query" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"name_pinyin" text NOT NULL,
	"name_initials" text NOT NULL,
	"gender" varchar(8),
	"birth_date" date,
	"ethnicity" text,
	"id_type" varchar(12),
	"id_number_enc" text,
	"id_number_hash" text,
	"id_number_masked" text,
	"phones_enc" text[] DEFAULT '{}'::text[] NOT NULL,
	"phone_hashes" text[] DEFAULT '{}'::text[] NOT NULL,
	"phones_masked" text[] DEFAULT '{}'::text[] NOT NULL,
	"email" text,
	"wechat" text,
	"native_county_id" uuid,
	"native_township" text,
	"is_native" boolean DEFAULT true NOT NULL,
	"owner_county_id" uuid NOT NULL,
	"outpost_id" uuid,
	"account_user_id" uuid,
	"location_code" varchar(6),
	"location_country" varchar(2),
	"employer" text,
	"position" text,
	"industry_code" varchar(3),
	"specialty" text,
	"degree" varchar(12),
	"school" text,
	"graduation_year" integer,
	"title_level" varchar(12),
	"tier" varchar(1),
	"category" varchar(16) NOT NULL,
	"honours" text[] DEFAULT '{}'::text[] NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" varchar(12) DEFAULT 'abroad' NOT NULL,
	"returned_at" date,
	"return_channel" varchar(12),
	"source" varchar(12) NOT NULL,
	"consent" jsonb,
	"remarks" text,
	"campaign_id" uuid,
	"search_grams" text[] DEFAULT '{}'::text[] NOT NULL,
	"merged_into" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "liaison_assignments" ADD CONSTRAINT "liaison_assignments_talent_id_talents_id_fk" FOREIGN KEY ("talent_id") REFERENCES "public"."talents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liaison_assignments" ADD CONSTRAINT "liaison_assignments_leader_id_users_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_saved_views" ADD CONSTRAINT "talent_saved_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talents" ADD CONSTRAINT "talents_native_county_id_counties_id_fk" FOREIGN KEY ("native_county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talents" ADD CONSTRAINT "talents_owner_county_id_counties_id_fk" FOREIGN KEY ("owner_county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talents" ADD CONSTRAINT "talents_outpost_id_outposts_id_fk" FOREIGN KEY ("outpost_id") REFERENCES "public"."outposts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talents" ADD CONSTRAINT "talents_account_user_id_users_id_fk" FOREIGN KEY ("account_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "liaison_assignments_leader_idx" ON "liaison_assignments" USING btree ("leader_id","talent_id");--> statement-breakpoint
CREATE INDEX "talent_history_talent_idx" ON "talent_history" USING btree ("talent_id","id");--> statement-breakpoint
CREATE INDEX "talents_owner_county_idx" ON "talents" USING btree ("owner_county_id","updated_at");--> statement-breakpoint
CREATE INDEX "talents_updated_idx" ON "talents" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "talents_outpost_idx" ON "talents" USING btree ("outpost_id");--> statement-breakpoint
CREATE INDEX "talents_account_idx" ON "talents" USING btree ("account_user_id");--> statement-breakpoint
CREATE INDEX "talents_id_hash_idx" ON "talents" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "talents_phone_hashes_idx" ON "talents" USING gin ("phone_hashes");--> statement-breakpoint
CREATE INDEX "talents_grams_idx" ON "talents" USING gin ("search_grams");--> statement-breakpoint
CREATE INDEX "talents_pinyin_idx" ON "talents" USING btree ("name_pinyin" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "talents_initials_idx" ON "talents" USING btree ("name_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "talents_name_birth_idx" ON "talents" USING btree ("name","birth_date");--> statement-breakpoint
CREATE INDEX "talents_campaign_idx" ON "talents" USING btree ("campaign_id");