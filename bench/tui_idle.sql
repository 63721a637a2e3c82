-- bench/tui_idle.sql — a snapshot with 20,000 clusters at one level (the top), each with
-- a 32x32 density grid and a monthly series in three languages: the explorer's worst
-- case for a frame (every cluster a bubble on the map). Built by bench/tui_idle.sh.
INSERT INTO meta(key, value) VALUES ('min_users', '5'), ('min_conversations', '10'),
  ('created_at', '2026-12-01T00:00:00Z'), ('backend', 'offline'), ('density_grid', '32'),
  ('time_bucket', 'month'), ('input_conversations', '6000000'), ('input_users', '400000');
INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum) VALUES
  ('en', 'English', 0, 3000000, 200000, 90000, 4500000),
  ('es', 'Spanish', 0, 2000000, 120000, 60000, 3000000),
  ('de', 'German', 0, 1000000, 80000, 30000, 1500000);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000)
INSERT INTO clusters(id, parent_id, level, name, description, x, y, extent,
                     conversations, users, refused, concern_sum, density)
  SELECT i, NULL, 0, 'Bench cluster ' || i, 'Idle benchmark cluster ' || i,
         (i % 141) / 141.0, (i / 141) / 142.0, 0.004, 300, 20, 9, 450, randomblob(1024)
  FROM c;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000),
               l(code, k) AS (VALUES ('en', 150), ('es', 100), ('de', 50))
INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused, concern_sum)
  SELECT i, code, 0, k, 10, k / 30, k * 3 / 2 FROM c, l;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000),
               l(code) AS (VALUES (''), ('en'), ('es'), ('de')),
               b(m) AS (VALUES ('2026-07-01'), ('2026-08-01'), ('2026-09-01'), ('2026-10-01'))
INSERT INTO cluster_time(cluster_id, lang, bucket, suppressed, conversations, refused)
  SELECT i, code, m, 0, 50 + i % 20, 2 FROM c, l, b;
