import { Injectable, inject } from '@angular/core';
import { createClient } from 'supabase-rx';
import { DASHBOARD_CONFIG } from './config';
import type { Database } from './database';

/** The one supabase-rx client of the app, as an Angular service. */
@Injectable({ providedIn: 'root' })
export class SupabaseService {
  readonly #config = inject(DASHBOARD_CONFIG);
  readonly client = createClient<Database>(this.#config.url, this.#config.anonKey);
}
