-- The files bucket (config.toml): a signed-in user reads and writes only under <their id>/.
create policy "users read their own files" on storage.objects
  for select to authenticated
  using (bucket_id = 'files' and auth.uid()::text = (storage.foldername(name))[1]);
create policy "users upload into their own folder" on storage.objects
  for insert to authenticated
  with check (bucket_id = 'files' and auth.uid()::text = (storage.foldername(name))[1]);
create policy "users replace their own files" on storage.objects
  for update to authenticated
  using (bucket_id = 'files' and auth.uid()::text = (storage.foldername(name))[1]);
create policy "users delete their own files" on storage.objects
  for delete to authenticated
  using (bucket_id = 'files' and auth.uid()::text = (storage.foldername(name))[1]);
