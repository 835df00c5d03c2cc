-- The boss/KP nudge covers every customer whose decision maker is known, not
-- only key ones (seed 000): other customers' meetings fall due after
-- visits.normal_boss_cadence_days (180 by default; a changed setting takes
-- effect as each customer is next visited or edited).
UPDATE customers SET boss_due_at = COALESCE(last_boss_visit_at, created_at) + 180 * 86400
 WHERE tier <> 'key' AND decision_maker IS NOT NULL AND decision_maker <> '' AND boss_due_at IS NULL;
