/** The tables of examples/supabase/ that the dashboard uses, as `supabase gen types` writes them. */
export interface Database {
  public: {
    Tables: {
      movies: {
        Row: { id: number; title: string; year: number; director_id: number | null };
        Insert: { id?: number; title: string; year: number; director_id?: number | null };
        Update: { id?: number; title?: string; year?: number; director_id?: number | null };
        Relationships: [];
      };
      reviews: {
        Row: {
          id: number;
          movie_id: number;
          stars: number;
          body: string | null;
          owner?: string | null;
          created_at: string;
        };
        Insert: {
          id?: number;
          movie_id: number;
          stars: number;
          body?: string | null;
          owner?: string | null;
          created_at?: string;
        };
        Update: { id?: number; movie_id?: number; stars?: number; body?: string | null };
        Relationships: [];
      };
    };
    Views: Record<string, never>;
    Functions: Record<string, never>;
  };
}

/** A row of `reviews`. */
export type Review = Database['public']['Tables']['reviews']['Row'];
