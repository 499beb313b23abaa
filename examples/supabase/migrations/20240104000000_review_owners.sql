-- Reviews get an author: anyone reads them and anyone may add one, but only its author may
-- change or delete a signed-in user's review. The seed's rows (no author) stay open to all.
alter table reviews add column owner uuid default auth.uid();
alter table reviews enable row level security;
create policy "anyone reads reviews" on reviews for select using (true);
create policy "anyone adds a review as themselves" on reviews
  for insert with check (owner is null or owner = auth.uid());
-- The check (not only using) makes a refused edit an error (42501), not a silent 0 rows.
create policy "authors edit their reviews" on reviews
  for update using (true) with check (owner is null or owner = auth.uid());
create policy "authors delete their reviews" on reviews
  for delete using (owner is null or owner = auth.uid());
-- Nor may anyone hand a review to nobody (owner null passes the check): owner is not updatable.
revoke update on reviews from anon, authenticated;
grant update (movie_id, stars, body) on reviews to anon, authenticated;
