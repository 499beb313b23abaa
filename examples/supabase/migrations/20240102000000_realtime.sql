-- Stream new reviews and watchlist rows over Realtime, as a Supabase project does: tables in
-- the supabase_realtime publication send their changes to postgres_changes subscribers (each
-- subscriber gets only the rows its RLS policies let it select).
alter publication supabase_realtime add table reviews, watchlist;
