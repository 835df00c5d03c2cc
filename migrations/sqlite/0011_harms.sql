-- Severity from the three harms of seed 002 (body, feelings, money): what the
-- rep judged at /complaint new, and why a severity was set below the
-- proposal. NULL harms: not assessed (the severity was given as it was).

ALTER TABLE complaints ADD COLUMN harm_body TEXT;
ALTER TABLE complaints ADD COLUMN harm_feelings TEXT;
ALTER TABLE complaints ADD COLUMN harm_money TEXT;
ALTER TABLE complaints ADD COLUMN severity_reason TEXT;
