/** The schema and rows the REST read tests run against (one-to-many, many-to-one, many-to-many,
 * two FKs to one table, one-to-one, arrays, ranges, jsonb, tsvector, nulls, RLS, a second schema). */
export const READ_FIXTURE_SQL = `
create table people (id int primary key, name text not null);
create table movies (
  id int primary key,
  title text not null,
  year int,
  director_id int references people(id),
  writer_id int references people(id),
  tags text[],
  data jsonb,
  during int4range,
  rating numeric(3,1),
  released timestamptz
);
create table reviews (id int primary key, movie_id int not null references movies(id), stars int, body text, doc tsvector);
create table actors (id int primary key, name text not null);
create table roles (movie_id int references movies(id), actor_id int references actors(id), character text, primary key (movie_id, actor_id));
create table posters (id int primary key, movie_id int unique references movies(id), url text);
create table "odd table" ("first name" text, "we""ird" int);
create table notes (id int primary key, owner uuid, body text);
alter table notes enable row level security;
create policy own_notes on notes for select using (owner = auth.uid());
create table secrets (id int primary key, body text);
revoke all on secrets from anon, authenticated;
insert into secrets values (1, 'classified');
create view recent_movies as select id, title, year from movies where year > 2000;

insert into people values (1, 'Lana'), (2, 'Lilly'), (3, 'Chad');
insert into movies values
  (1, 'The Matrix', 1999, 1, 2, '{action,scifi}', '{"budget": {"usd": 63}, "langs": ["en","ja"]}', '[1,5)', 8.7, '1999-03-31 00:00:00+00'),
  (2, 'Speed Racer', 2008, 1, null, '{family}', '{"budget": {"usd": 120}}', '[10,20)', 6.1, null),
  (3, 'John Wick', 2014, 3, null, null, null, null, null, null);
insert into reviews values
  (1, 1, 5, 'A fat cat sat', to_tsvector('english', 'A fat cat sat')),
  (2, 1, 3, 'ok', to_tsvector('english', 'ok')),
  (3, 2, 4, 'Fun, colourful cats', to_tsvector('english', 'Fun, colourful cats'));
insert into actors values (1, 'Keanu'), (2, 'Carrie-Anne'), (3, 'Emile');
insert into roles values (1, 1, 'Neo'), (1, 2, 'Trinity'), (2, 3, 'Speed'), (3, 1, 'John');
insert into posters values (1, 1, 'https://example.com/matrix.png');
insert into "odd table" values ('Ann', 1), (null, 2);
insert into notes values (1, '00000000-0000-0000-0000-000000000001', 'mine'), (2, '00000000-0000-0000-0000-000000000002', 'yours');

create schema api;
grant usage on schema api to anon, authenticated, service_role;
create table api.things (id int primary key, label text);
grant all on api.things to anon, authenticated, service_role;
insert into api.things values (1, 'in api');
`;
