import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { BehaviorSubject, type Subscription } from 'rxjs';
import { uploadResumable } from 'supabase-rx/storage/resumable';
import { SupabaseService } from './supabase.service';

/** An unfinished upload tus-js-client keeps in localStorage (`tus::<fingerprint>::<n>`). */
interface Unfinished {
  readonly name: string;
  readonly size: number;
}

/** tus-js-client's key prefix in localStorage. */
const TUS_PREFIX = 'tus::';

/**
 * A large file into the user's folder by a resumable (TUS) upload, with a progress bar and
 * pause/resume. tus-js-client keeps the upload's URL in localStorage by a fingerprint of the
 * file (here its target path, size and modification time), so after a reload, choosing the same
 * file again resumes from the server's offset.
 */
@Component({
  selector: 'app-resumable-upload',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3>Large file (resumable)</h3>
    <input type="file" name="big-file" (change)="choose($event)" />
    @if (progress() !== null) {
      <div>
        <progress max="100" [value]="progress()"></progress>
        <span data-testid="resumable-progress">{{ progress() }} %</span>
        @if (resumedFrom() !== null) {
          <small data-testid="resumed-from">resumed at {{ resumedFrom() }} %</small>
        }
        @if (running()) {
          <button type="button" (click)="togglePause()">{{ paused() ? 'resume' : 'pause' }}</button>
        }
      </div>
    }
    @if (error(); as error) {
      <p class="error" data-testid="resumable-error">{{ error }}</p>
    }
    @if (unfinished().length > 0) {
      <ul data-testid="unfinished-uploads">
        @for (u of unfinished(); track $index) {
          <li>unfinished: {{ u.name }} ({{ u.size }} B): choose it again to resume</li>
        }
      </ul>
    }
  `,
  styles: `
    h3 {
      font-size: 0.9rem;
      margin: 0.75rem 0 0.25rem;
    }
    progress {
      width: 60%;
    }
  `,
})
export class ResumableUploadComponent {
  readonly #client = inject(SupabaseService).client;
  /** The user's folder (their id). */
  readonly folder = input.required<string>();
  /** The object's path once the upload is done. */
  readonly uploaded = output<string>();
  readonly progress = signal<number | null>(null);
  /** The percentage the first progress event of a resumed upload showed. */
  readonly resumedFrom = signal<number | null>(null);
  readonly paused = signal(false);
  readonly running = signal(false);
  readonly error = signal('');
  readonly unfinished = signal<readonly Unfinished[]>(readUnfinished());
  #pause$ = new BehaviorSubject(false);
  #upload: Subscription | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.#upload?.unsubscribe());
  }

  choose(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.#upload?.unsubscribe();
    const path = `${this.folder()}/${file.name}`;
    const resumes = hasUpload(fingerprintOf(path, file));
    this.error.set('');
    this.progress.set(0);
    this.resumedFrom.set(null);
    this.paused.set(false);
    this.running.set(true);
    this.#pause$ = new BehaviorSubject(false);
    let first = true;
    this.#upload = uploadResumable(this.#client.storage.from('files'), path, file, {
      upsert: true,
      contentType: file.type || 'application/octet-stream',
      pause$: this.#pause$,
      // Not tus-js-client's default (name, type, size, time, endpoint): the target path keeps two
      // users' uploads of one file apart.
      fingerprint: (f) => Promise.resolve(fingerprintOf(path, f as File)),
    }).subscribe({
      next: (e) => {
        if (e.type !== 'progress' || !e.total) return;
        const percent = Math.floor((e.loaded / e.total) * 100);
        if (first && resumes) this.resumedFrom.set(percent);
        first = false;
        this.progress.set(percent);
        this.unfinished.set(readUnfinished());
      },
      error: (e: unknown) => {
        this.running.set(false);
        this.error.set(e instanceof Error ? e.message : String(e));
      },
      complete: () => {
        this.running.set(false);
        this.progress.set(100);
        this.unfinished.set(readUnfinished());
        input.value = '';
        this.uploaded.emit(path);
      },
    });
  }

  togglePause(): void {
    this.paused.update((p) => !p);
    this.#pause$.next(this.paused());
  }
}

function fingerprintOf(path: string, file: File): string {
  return ['dashboard', path, file.size, file.lastModified].join(':');
}

function hasUpload(fingerprint: string): boolean {
  return Object.keys(localStorage).some((k) => k.startsWith(`${TUS_PREFIX}${fingerprint}::`));
}

/** The uploads tus-js-client has stored and not yet finished (it removes them on success). */
function readUnfinished(): Unfinished[] {
  const found: Unfinished[] = [];
  for (const key of Object.keys(localStorage)) {
    if (!key.startsWith(TUS_PREFIX)) continue;
    try {
      const entry = JSON.parse(localStorage.getItem(key) ?? '') as {
        size?: number;
        metadata?: { objectName?: string };
      };
      const name = entry.metadata?.objectName?.split('/').pop();
      if (name && typeof entry.size === 'number') found.push({ name, size: entry.size });
    } catch {
      // Not ours to judge: a malformed entry is skipped, as tus-js-client skips it.
    }
  }
  return found;
}
