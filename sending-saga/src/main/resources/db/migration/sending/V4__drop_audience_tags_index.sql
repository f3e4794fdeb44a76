-- The release walks the audience in primary-key order (JdbcAudience), so nothing reads the tags index any more; it
-- only made every customer's insert and change dearer, and tempted the planner into a scan and sort per batch.
DROP INDEX IF EXISTS audience_tags;
