-- The audit index also files an event under the daily report it names (reportId: DailyReportSent), so that
-- GET /api/v1/audit/reports/{id} gives every sending of a day's report, with who asked for it.
ALTER TABLE audit_event ADD COLUMN report_id uuid;
CREATE INDEX audit_by_report ON audit_event (report_id, position) WHERE report_id IS NOT NULL;
