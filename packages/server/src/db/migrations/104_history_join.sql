-- The history trigger (102) joins a statement's old and new rows by id. Transition tables carry no
-- statistics, so the planner takes each for one row and joins them in a nested loop: n² comparisons,
-- 250,000 for a renewal batch of 500 (138 ms of the batch's 170 ms UPDATE, auto_explain), 1,000,000
-- for a batch of 1,000. Without nested loops it hashes one side: linear.
ALTER FUNCTION subkit_record_subscription_versions() SET enable_nestloop = off;
