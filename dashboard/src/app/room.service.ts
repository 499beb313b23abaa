import { Injectable, inject } from '@angular/core';
import {
  distinctUntilChanged,
  EMPTY,
  filter,
  map,
  scan,
  shareReplay,
  startWith,
  switchMap,
  type Observable,
} from 'rxjs';
import { SupabaseService } from './supabase.service';

/** One line of the chat. */
export interface ChatMessage {
  from: string;
  text: string;
  at: string;
}

/** The dashboard's realtime room: who is looking (presence) and a chat (broadcast). */
@Injectable({ providedIn: 'root' })
export class RoomService {
  readonly #client = inject(SupabaseService).client;
  readonly #room = this.#client.channel('dashboard', { config: { broadcast: { self: true } } });

  /** The emails of the signed-in users who have the dashboard open, sorted. */
  readonly people$: Observable<string[]> = this.#room.presence$.pipe(
    map((state) => {
      const metas = Object.values(state).flat() as { email?: unknown }[];
      const emails = metas.map((m) => m.email).filter((e): e is string => typeof e === 'string');
      return [...new Set(emails)].sort();
    }),
  );

  /** The last 50 chat messages, oldest first. */
  readonly messages$: Observable<ChatMessage[]> = this.#room
    .on('broadcast', { event: 'chat' })
    .pipe(
      map(({ payload }) => payload as ChatMessage),
      scan((all: ChatMessage[], message) => [...all, message].slice(-50), []),
      startWith([]),
      shareReplay({ bufferSize: 1, refCount: true }),
    );

  /**
   * Tracks the signed-in user in the room at every join (a rejoin after a dropped socket too),
   * and untracks on sign-out.
   */
  readonly tracking$: Observable<unknown> = this.#client.auth.user$.pipe(
    map((user) => user?.email ?? null),
    distinctUntilChanged(),
    switchMap((email, index) => {
      if (email) {
        return this.#room.status$.pipe(
          filter(({ status }) => status === 'SUBSCRIBED'),
          switchMap(() => this.#room.track({ email })),
        );
      }
      // Signed out: nothing to do at startup, untrack after a sign-out.
      return index === 0 ? EMPTY : this.#room.untrack();
    }),
  );

  send(from: string, text: string): Observable<string> {
    const message: ChatMessage = { from, text, at: new Date().toISOString() };
    return this.#room.send({ type: 'broadcast', event: 'chat', payload: message });
  }
}
