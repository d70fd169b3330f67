CREATE TABLE "audit_anchors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"through_id" bigint NOT NULL,
	"last_hash" text NOT NULL,
	"pruned_count" bigint NOT NULL,
	"cutoff" timestamp with time zone NOT NULL,
	"retention_days" integer NOT NULL,
	"actor_name" text
);
--> statement-breakpoint
CREATE TABLE "audit_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"checked" bigint NOT NULL,
	"broken_id" bigint,
	"broken_reason" text,
	"trigger" text NOT NULL,
	"requested_by" text,
	"job_id" uuid
);
--> statement-breakpoint
CREATE INDEX "audit_checks_started_idx" ON "audit_checks" USING btree ("started_at");--> statement-breakpoint
-- Retention (issue 4): audit_log stays append-only, with one controlled exception. The trigger lets
-- a DELETE through only while audit_log_prune() has switched it on for its own transaction, only for
-- rows at or before the prefix it chose, and never for a row younger than 180 days (the legal
-- minimum, whatever the caller asks). UPDATE and TRUNCATE stay refused.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('fenggui.audit_prune', true) = 'on'
       AND OLD.at < now() - interval '180 days'
       AND OLD.id <= coalesce(nullif(current_setting('fenggui.audit_prune_through', true), '')::bigint, 0) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Prunes the prefix of the chain older than p_retention_days (>= 180) and records an anchor with the
-- id and hash of the last pruned row, so the rest of the chain still verifies. Serialised with the
-- appends (same advisory lock). Returns what it did; the caller appends the audit.prune event in
-- the same transaction.
CREATE OR REPLACE FUNCTION audit_log_prune(p_retention_days integer, p_actor text)
RETURNS TABLE (pruned bigint, through_id bigint, last_hash text, cutoff timestamptz) AS $$
DECLARE
  v_cutoff timestamptz;
  v_through bigint;
  v_hash text;
  v_count bigint;
BEGIN
  IF p_retention_days IS NULL OR p_retention_days < 180 THEN
    RAISE EXCEPTION 'audit retention must be at least 180 days (got %)', p_retention_days USING ERRCODE = '22023';
  END IF;
  v_cutoff := now() - make_interval(days => p_retention_days);
  PERFORM pg_advisory_xact_lock(420626);
  -- Only a prefix: every row before the first one at or after the cutoff.
  SELECT min(a.id) - 1 INTO v_through FROM audit_log a WHERE a.at >= v_cutoff;
  IF v_through IS NULL THEN
    SELECT max(a.id) INTO v_through FROM audit_log a;
  END IF;
  SELECT a.hash INTO v_hash FROM audit_log a WHERE a.id = v_through;
  IF v_hash IS NULL THEN
    RETURN QUERY SELECT 0::bigint, NULL::bigint, NULL::text, v_cutoff;
    RETURN;
  END IF;
  PERFORM set_config('fenggui.audit_prune', 'on', true);
  PERFORM set_config('fenggui.audit_prune_through', v_through::text, true);
  DELETE FROM audit_log a WHERE a.id <= v_through;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  PERFORM set_config('fenggui.audit_prune', 'off', true);
  PERFORM set_config('fenggui.audit_prune_through', '', true);
  INSERT INTO audit_anchors (through_id, last_hash, pruned_count, cutoff, retention_days, actor_name)
    VALUES (v_through, v_hash, v_count, v_cutoff, p_retention_days, p_actor);
  RETURN QUERY SELECT v_count, v_through, v_hash, v_cutoff;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp;
--> statement-breakpoint
-- The anchors and the check results are append-only too.
CREATE OR REPLACE FUNCTION append_only_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE OR DELETE ON audit_anchors
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON audit_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checks_no_update BEFORE UPDATE OR DELETE ON audit_checks
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checks_no_truncate BEFORE TRUNCATE ON audit_checks
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
