import { Subject, defer, finalize, merge, type Observable } from 'rxjs';
import type { Binding, ListenType } from './channel-bindings.js';
import type { ChannelCore } from './channel-core.js';
import { RealtimeError } from './errors.js';
import { postgresBinding, type PostgresChangesFilter } from './postgres-filter.js';

/** What an `on()` call listens to, before its filter is checked. */
export interface BindingSpec {
  readonly type: ListenType;
  readonly event: string;
  readonly postgres: PostgresChangesFilter | undefined;
}

/**
 * One binding's stream: subscribing registers the binding and holds the channel's join (`life$`);
 * unsubscribing removes the binding. A bad postgres_changes filter errors the stream with a
 * RealtimeError `invalid_filter`.
 */
export function bindingStream(
  core: ChannelCore,
  spec: BindingSpec,
  life$: Observable<never>,
): Observable<unknown> {
  return defer(() => {
    const events = new Subject<unknown>();
    const binding: Binding = {
      type: spec.type,
      event: spec.event,
      postgres: spec.postgres ? postgresBinding(spec.postgres) : undefined,
      id: undefined,
      next: (payload) => events.next(payload),
      complete: () => events.complete(),
    };
    core.bindings.add(binding);
    core.bindingsChanged();
    return merge(life$, events).pipe(finalize(() => core.bindings.remove(binding)));
  });
}

/** Checks an `on()` call; bad input → a RealtimeError on the stream. */
export function bindingFor(type: string, filter: any): BindingSpec {
  if (type === 'broadcast') {
    if (typeof filter?.event !== 'string') {
      throw new RealtimeError(
        `on('broadcast', filter): filter.event must be a string, got ${JSON.stringify(filter?.event)}`,
        'invalid_binding',
      );
    }
    return { type, event: filter.event as string, postgres: undefined } as const;
  }
  if (type === 'presence') {
    const event = filter?.event;
    if (!['sync', 'join', 'leave', '*'].includes(event)) {
      throw new RealtimeError(
        `on('presence', filter): filter.event must be 'sync', 'join' or 'leave', got ${JSON.stringify(event)}`,
        'invalid_binding',
      );
    }
    return { type, event: event as string, postgres: undefined } as const;
  }
  if (type === 'postgres_changes') {
    return {
      type,
      event: String(filter?.event),
      postgres: filter as PostgresChangesFilter,
    } as const;
  }
  if (type === 'system') return { type, event: '*', postgres: undefined } as const;
  throw new RealtimeError(
    `on(type): type must be 'broadcast', 'presence', 'postgres_changes' or 'system', got ${JSON.stringify(type)}`,
    'invalid_binding',
  );
}
