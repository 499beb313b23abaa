/**
 * The `Database` type of the doc samples, as `supabase gen types typescript` would write it: the
 * example project's tables (examples/supabase/migrations) and the few the docs add
 * (docs-schema.sql). A sample naming a table or column that is not here fails its type-check.
 */

type Table<Row, Insert = Partial<Row>> = {
  Row: Row;
  Insert: Insert;
  Update: Partial<Row>;
  Relationships: [];
};

type Movie = { id: number; title: string; year: number; director_id: number | null };
type Person = { id: number; name: string; born: number | null };
type Review = {
  id: number;
  movie_id: number;
  stars: number;
  body: string | null;
  owner: string | null;
};
type Watch = { id: number; owner: string; movie_id: number; note: string | null };
type Todo = { id: number; title: string; prio: number; done: boolean };
type Note = { id: number; owner: string; body: string };
type Message = { id: number; created_at: string; body: string };
type Country = { id: number; name: string };
type Profile = { id: string; name: string | null };
type Order = { id: number; total: number };
type Task = { id: number; title: string; updated_at: string };
type DocsAddress = { street: string | null; city: string | null };
type Item = { id: number; sku: string };
type Booking = { id: number; room: string; during: string; tags: string[] };
type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];
type City = { id: number; name: string; country_id: number | null; info: Json | null };

export type DocsDatabase = {
  public: {
    Tables: {
      movies: Table<Movie, Omit<Movie, 'id' | 'director_id'> & Partial<Movie>>;
      people: Table<Person, Pick<Person, 'name'> & Partial<Person>>;
      movie_actors: Table<{ movie_id: number; person_id: number; character: string | null }>;
      reviews: Table<Review, Pick<Review, 'movie_id' | 'stars'> & Partial<Review>>;
      watchlist: Table<Watch, Pick<Watch, 'movie_id'> & Partial<Watch>>;
      todos: Table<Todo, Pick<Todo, 'title'> & Partial<Todo>>;
      notes: Table<Note, Pick<Note, 'body'> & Partial<Note>>;
      messages: Table<Message, Pick<Message, 'body'> & Partial<Message>>;
      countries: Table<Country, Pick<Country, 'name'> & Partial<Country>>;
      profiles: Table<Profile>;
      orders: Table<
        Order & { status: 'open' | 'paid' },
        Pick<Order, 'total'> & Partial<Order & { status: 'open' | 'paid' }>
      >;
      tasks: Table<Task, Pick<Task, 'title'> & Partial<Task>>;
      bookings: Table<Booking, Pick<Booking, 'room' | 'during'> & Partial<Booking>>;
      cities: {
        Row: City;
        Insert: Pick<City, 'name'> & Partial<City>;
        Update: Partial<City>;
        Relationships: [
          {
            foreignKeyName: 'cities_country_id_fkey';
            columns: ['country_id'];
            isOneToOne: false;
            referencedRelation: 'countries';
            referencedColumns: ['id'];
          },
        ];
      };
    };
    Views: Record<string, never>;
    Functions: {
      average_stars: { Args: { movie: number }; Returns: number | null };
      format_address: { Args: { addr: DocsAddress }; Returns: string };
      cities_of: { Args: { country: string }; Returns: City[] };
    };
    Enums: { order_status: 'open' | 'paid' };
    CompositeTypes: { address: DocsAddress };
  };
  inventory: {
    Tables: { items: Table<Item, Pick<Item, 'sku'> & Partial<Item>> };
    Views: Record<string, never>;
    Functions: Record<string, never>;
  };
};

type Public = DocsDatabase['public'];

/** The generated file's helpers, for the public schema: `Tables<'cities'>` is its `Row` … */
export type DocsTables<Name extends keyof (Public['Tables'] & Public['Views'])> =
  (Public['Tables'] & Public['Views'])[Name]['Row'];
export type DocsTablesInsert<Name extends keyof Public['Tables']> =
  Public['Tables'][Name]['Insert'];
export type DocsTablesUpdate<Name extends keyof Public['Tables']> =
  Public['Tables'][Name]['Update'];
export type DocsEnums<Name extends keyof Public['Enums']> = Public['Enums'][Name];
export type DocsCompositeTypes<Name extends keyof Public['CompositeTypes']> =
  Public['CompositeTypes'][Name];
