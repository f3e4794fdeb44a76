-- The report service's own tables (schema report). Flyway owns this DDL.

-- The scheduled daily reports sent: one row per date, written in the transaction that appends its DailyReportSent
-- event, so a date is never recorded (nor, by the scheduler, sent) twice. The next report compares its totals with
-- the previous row's.
CREATE TABLE daily_report (
    report_date date PRIMARY KEY,
    sent_at     timestamptz NOT NULL,
    as_of       timestamptz NOT NULL,
    late        boolean NOT NULL,
    mailouts    bigint NOT NULL,
    messages    jsonb NOT NULL
);

-- The first date this platform reports on: the first whose send time came after the service first started, so a
-- new installation does not send the reports of the days before it existed.
CREATE TABLE daily_report_start (
    only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    first_date date NOT NULL
);
