-- The audit trail is append-only: no code path updates or deletes it, and the database refuses to.
CREATE OR REPLACE FUNCTION dictum_audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent rows are append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEvent_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION dictum_audit_event_is_append_only();

CREATE TRIGGER "AuditEvent_no_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION dictum_audit_event_is_append_only();

-- The default work types (SPEC §4). LOINC document types from the US Core clinical-note value set;
-- the progress note needs no author signature, so a clinic can file without the signing step.
INSERT INTO "WorkType" ("id", "code", "name", "loinc", "requiresSignature", "tatStatHours", "tatRoutineHours", "template", "active", "createdAt") VALUES
  (gen_random_uuid(), 'HP',        'History and physical', '34117-2', true,  2, 24, E'CHIEF COMPLAINT\nHISTORY OF PRESENT ILLNESS\nPAST MEDICAL HISTORY\nMEDICATIONS\nALLERGIES\nSOCIAL HISTORY\nFAMILY HISTORY\nREVIEW OF SYSTEMS\nPHYSICAL EXAMINATION\nASSESSMENT AND PLAN', true, now()),
  (gen_random_uuid(), 'CONSULT',   'Consultation note',    '11488-4', true,  2, 24, E'REASON FOR CONSULTATION\nHISTORY OF PRESENT ILLNESS\nPHYSICAL EXAMINATION\nIMPRESSION\nRECOMMENDATIONS', true, now()),
  (gen_random_uuid(), 'PROGRESS',  'Progress note',        '11506-3', false, 2, 24, E'SUBJECTIVE\nOBJECTIVE\nASSESSMENT\nPLAN', true, now()),
  (gen_random_uuid(), 'DISCHARGE', 'Discharge summary',    '18842-5', true,  4, 48, E'ADMISSION DIAGNOSIS\nDISCHARGE DIAGNOSIS\nHOSPITAL COURSE\nDISCHARGE MEDICATIONS\nFOLLOW-UP', true, now()),
  (gen_random_uuid(), 'OPERATIVE', 'Operative note',       '11504-8', true,  2, 24, E'PREOPERATIVE DIAGNOSIS\nPOSTOPERATIVE DIAGNOSIS\nPROCEDURE\nANESTHESIA\nFINDINGS\nDESCRIPTION OF PROCEDURE\nESTIMATED BLOOD LOSS\nCOMPLICATIONS', true, now()),
  (gen_random_uuid(), 'PROCEDURE', 'Procedure note',       '28570-0', false, 2, 24, E'INDICATION\nPROCEDURE\nFINDINGS\nCOMPLICATIONS', true, now()),
  (gen_random_uuid(), 'RADIOLOGY', 'Radiology report',     '18748-4', true,  1, 24, E'EXAMINATION\nCLINICAL HISTORY\nTECHNIQUE\nFINDINGS\nIMPRESSION', true, now())
ON CONFLICT ("code") DO NOTHING;
