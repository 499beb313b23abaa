import { Subject, defer, finalize, merge, type Observable } from 'rxjs';
import type { Binding, ListenType } from './channel-bindings.js';
import type { ChannelCore } from './channel-core.js';
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
    };
    core.bindings.add(binding);
    core.bindingsChanged();
    return merge(life$, events).pipe(finalize(() => core.bindings.remove(binding)));
  });
}
