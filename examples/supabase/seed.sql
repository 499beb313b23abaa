insert into people (name, born) values
  ('Lana Wachowski', 1965),    -- 1
  ('Keanu Reeves', 1964),      -- 2
  ('Carrie-Anne Moss', 1967),  -- 3
  ('Christopher Nolan', 1970), -- 4
  ('Leonardo DiCaprio', 1974), -- 5
  ('Elliot Page', 1987),       -- 6
  ('Greta Gerwig', 1983),      -- 7
  ('Saoirse Ronan', 1994);     -- 8

insert into movies (title, year, director_id) values
  ('The Matrix', 1999, 1),  -- 1
  ('Inception', 2010, 4),   -- 2
  ('Lady Bird', 2017, 7),   -- 3
  ('Little Women', 2019, 7); -- 4

insert into movie_actors (movie_id, person_id, character) values
  (1, 2, 'Neo'), (1, 3, 'Trinity'),
  (2, 5, 'Cobb'), (2, 6, 'Ariadne'),
  (3, 8, 'Christine'), (4, 8, 'Jo March');

insert into reviews (movie_id, stars, body, created_at) values
  (1, 5, 'Still holds up.', now() - interval '3 hours'),
  (1, 4, 'Great fights.', now() - interval '175 minutes'),
  (2, 5, 'Layers upon layers.', now() - interval '170 minutes'),
  (2, 3, 'Confusing but fun.', now() - interval '165 minutes'),
  (3, 5, 'Perfect.', now() - interval '160 minutes'),
  (4, 4, 'Lovely.', now() - interval '155 minutes');

-- 48 more (ids 7–54), in bursts of 1–4 a minute over the last hour, so that the dashboard's paged
-- table has pages and its chart a history: 12 for each movie, 9 or 10 of each star count.
insert into reviews (movie_id, stars, body, created_at)
select
  1 + i % 4,
  1 + (i * 2) % 5,
  (array['Saw it twice.', 'Not for me.', 'The score!', 'Too long.', 'A classic.',
         'Fell asleep.', 'Beautifully shot.', 'Fine.'])[1 + i % 8] || ' (#' || i || ')',
  now() - make_interval(mins => (3 * i * i + i) % 60)
from generate_series(1, 48) as i;

insert into watchlist (owner, movie_id, note) values
  ('11111111-1111-4111-8111-111111111111', 1, 'someone else''s private note');
