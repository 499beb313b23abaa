import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { AuthApiError } from 'supabase-rx';
import { catchError, throwError } from 'rxjs';
import { SupabaseService } from './supabase.service';

/** The header: sign in by email and password (a new email signs up), and the session's user. */
@Component({
  selector: 'app-auth-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (user(); as user) {
      <span data-testid="signed-in"
        >Signed in as <strong>{{ user.email }}</strong></span
      >
      <button type="button" (click)="signOut()">Sign out</button>
    } @else {
      <form (submit)="signIn($event, email.value, password.value)">
        <input #email name="email" type="email" placeholder="email" required />
        <input #password name="password" type="password" placeholder="password" required />
        <button type="submit" [disabled]="busy()">Sign in / sign up</button>
      </form>
    }
    @if (error(); as error) {
      <span class="error">{{ error }}</span>
    }
  `,
  styles: `
    :host {
      display: flex;
      gap: 0.75rem;
      align-items: center;
    }
  `,
})
export class AuthPanelComponent {
  readonly #auth = inject(SupabaseService).client.auth;
  readonly user = toSignal(this.#auth.user$, { initialValue: null });
  readonly busy = signal(false);
  readonly error = signal('');

  signIn(event: Event, email: string, password: string): void {
    event.preventDefault();
    this.busy.set(true);
    this.error.set('');
    this.#auth
      .signInWithPassword({ email, password })
      .pipe(
        // An email the project does not know yet is signed up (the emulator confirms at once).
        catchError((e: unknown) =>
          e instanceof AuthApiError && e.code === 'invalid_credentials'
            ? this.#auth.signUp({ email, password })
            : throwError(() => e),
        ),
      )
      .subscribe({
        error: (e: unknown) => {
          this.error.set(e instanceof Error ? e.message : String(e));
          this.busy.set(false);
        },
        complete: () => this.busy.set(false),
      });
  }

  signOut(): void {
    this.#auth.signOut().subscribe();
  }
}
