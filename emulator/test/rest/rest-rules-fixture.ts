/**
 * The schema of the PostgREST-rules suites (rpc overloads, embed disambiguation, computed
 * relationships): clients and projects with two foreign keys between them, a self-referencing
 * table, functions overloaded by name and by type, raw-body functions, and computed
 * relationships (functions taking a row and returning a table's rows).
 */
export const RULES_SQL = `
create table clients (id int primary key, name text not null);
create table projects (
  id int primary key,
  name text not null,
  client_id int constraint projects_client_fk references clients(id),
  billed_by int constraint projects_billed_by_fk references clients(id)
);
create table tasks (id int primary key, name text, project_id int references projects(id));
create table employees (
  id int primary key,
  name text not null,
  manager_id int references employees(id)
);
create table docs (id int primary key, data jsonb);
insert into docs values (1, '{"a":{"b":{"c":1}}}'), (2, null);
insert into clients values (1, 'Microsoft'), (2, 'Apple');
insert into projects values
  (1, 'Windows 7', 1, 2), (2, 'Windows 10', 1, 1), (3, 'IOS', 2, 2), (4, 'OSX', 2, null), (5, 'Orphan', null, null);
insert into tasks values (1, 'Design w7', 1), (2, 'Code w7', 1), (3, 'Design IOS', 3);
insert into employees values (1, 'Ada', null), (2, 'Bob', 1), (3, 'Cy', 1), (4, 'Di', 2);

-- computed relationships
create function client_of(projects) returns setof clients rows 1 language sql stable
  as $$ select * from clients where id = $1.client_id $$;
create function open_projects(clients) returns setof projects language sql stable
  as $$ select * from projects where client_id = $1.id and id <> 2 $$;
create function top_project(clients) returns projects language sql stable
  as $$ select * from projects where client_id = $1.id order by id limit 1 $$;
create function name_upper(clients) returns text language sql immutable
  as $$ select upper($1.name) $$;

-- rpc: overloads by name, by type, defaults, raw bodies
create function ov(a int) returns text language sql as $$ select 'a' $$;
create function ov(a int, b int) returns text language sql as $$ select 'a,b' $$;
create function ov() returns text language sql as $$ select 'none' $$;
create function same_args(arg int) returns text language sql as $$ select 'int' $$;
create function same_args(arg xml) returns text language sql as $$ select 'xml' $$;
create function same_args(arg text, num int default 1) returns text language sql as $$ select 'text' $$;
create function with_defaults(a int, b int default 10, c int default 100) returns int language sql
  as $$ select a + b + c $$;
create function raw_text(text) returns text language sql as $$ select 'text:' || $1 $$;
create function raw_json(json) returns json language sql as $$ select $1 $$;
create function raw_jsonb(jsonb) returns jsonb language sql as $$ select $1 $$;
create function raw_bytea(bytea) returns int language sql as $$ select length($1) $$;
create function raw_xml(xml) returns text language sql as $$ select xpath('/a/text()', $1)::text $$;
create function named_json(data json) returns json language sql as $$ select data $$;
create function unnamed_pair(int, int) returns int language sql as $$ select $1 + $2 $$;
create function unnamed_over(text) returns text language sql as $$ select 'text' $$;
create function unnamed_over(json) returns text language sql as $$ select 'json' $$;
create function unnamed_over(bytea) returns text language sql as $$ select 'bytea' $$;
create function unnamed_over(xml) returns text language sql as $$ select 'xml' $$;
create function unnamed_over() returns text language sql as $$ select 'none' $$;
`;
