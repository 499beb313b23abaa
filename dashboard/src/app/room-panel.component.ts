import { ChangeDetectionStrategy, Component, DestroyRef, inject } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { RoomService } from './room.service';
import { SupabaseService } from './supabase.service';

/** Who else is looking (presence), and a small chat over broadcast. */
@Component({
  selector: 'app-room-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>Who is looking</h2>
    <ul data-testid="presence">
      @for (email of people(); track email) {
        <li>{{ email }}</li>
      } @empty {
        <li><em>nobody signed in</em></li>
      }
    </ul>
    <h2>Chat</h2>
    <ul data-testid="chat">
      @for (m of messages(); track $index) {
        <li>
          <strong>{{ m.from }}</strong>: {{ m.text }}
        </li>
      }
    </ul>
    @if (user(); as user) {
      <form (submit)="send($event, user.email ?? '?', text)">
        <input #text name="text" placeholder="say something" required />
        <button type="submit">Send</button>
      </form>
    } @else {
      <p><em>Sign in to chat.</em></p>
    }
  `,
})
export class RoomPanelComponent {
  readonly #room = inject(RoomService);
  readonly user = toSignal(inject(SupabaseService).client.auth.user$, { initialValue: null });
  readonly people = toSignal(this.#room.people$, { initialValue: [] });
  readonly messages = toSignal(this.#room.messages$, { initialValue: [] });

  constructor() {
    this.#room.tracking$.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe();
  }

  send(event: Event, from: string, input: HTMLInputElement): void {
    event.preventDefault();
    this.#room.send(from, input.value).subscribe();
    input.value = '';
  }
}
