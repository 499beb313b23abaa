import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import {
  catchError,
  forkJoin,
  map,
  of,
  startWith,
  Subject,
  switchMap,
  type Observable,
} from 'rxjs';
import { ResumableUploadComponent } from './resumable-upload.component';
import { SupabaseService } from './supabase.service';

const BUCKET = 'files';
const THUMB = { width: 96, height: 96, resize: 'cover' } as const;
const IMAGE = /\.(png|jpe?g|gif|webp)$/i;

/** A file of the signed-in user, with signed URLs for its thumbnail. */
interface Listed {
  readonly name: string;
  readonly size: number | undefined;
  /** Signed URL of a 96 px rendition (needs the emulator's optional sharp), or null. */
  readonly thumb: string | null;
  /** Signed URL of the file itself: the thumbnail's fallback. */
  readonly plain: string | null;
}

/**
 * The user's files in the `files` bucket, under a folder named by their id (storage RLS allows
 * no other): upload with a progress bar (`observe: 'events'`), a resumable upload for large
 * files, the list, image thumbnails.
 */
@Component({
  selector: 'app-files-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ResumableUploadComponent],
  template: `
    <h2>Files</h2>
    @if (user(); as user) {
      <input type="file" name="file" (change)="upload(user.id, $event)" />
      @if (progress() !== null) {
        <progress max="100" [value]="progress()"></progress>
        <span data-testid="upload-progress">{{ progress() }} %</span>
      }
      @if (error(); as error) {
        <p class="error" data-testid="files-error">{{ error }}</p>
      }
      <ul data-testid="files">
        @for (file of files(); track file.name) {
          <li data-testid="file-row">
            @if (file.thumb || file.plain) {
              <img
                width="48"
                height="48"
                [alt]="file.name"
                [src]="fallback().has(file.name) ? file.plain : (file.thumb ?? file.plain)"
                (error)="useFallback(file.name)"
              />
            }
            <span>{{ file.name }}</span>
            <small>{{ file.size ?? '?' }} B</small>
            @if (fallback().has(file.name)) {
              <small data-testid="thumb-fallback">(full image: no image transforms here)</small>
            }
          </li>
        } @empty {
          <li><em>no files yet</em></li>
        }
      </ul>
      <app-resumable-upload [folder]="user.id" (uploaded)="refresh()" />
    } @else {
      <p><em>Sign in to keep files.</em></p>
    }
  `,
  styles: `
    ul[data-testid='files'] {
      list-style: none;
      padding: 0;
    }
    li[data-testid='file-row'] {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin: 0.25rem 0;
    }
    img {
      object-fit: cover;
      border-radius: 4px;
    }
  `,
})
export class FilesPanelComponent {
  readonly #client = inject(SupabaseService).client;
  readonly user = toSignal(this.#client.auth.user$, { initialValue: null });
  readonly progress = signal<number | null>(null);
  readonly error = signal('');
  /** Files whose transformed thumbnail failed (no sharp): they show the plain signed URL. */
  readonly fallback = signal<ReadonlySet<string>>(new Set());
  readonly #refresh = new Subject<void>();

  readonly files = toSignal(
    toObservable(this.user).pipe(
      switchMap((user) =>
        user
          ? this.#refresh.pipe(
              startWith(undefined),
              switchMap(() => this.#list(user.id)),
            )
          : of([]),
      ),
    ),
    { initialValue: [] as readonly Listed[] },
  );

  upload(folder: string, event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.error.set('');
    this.progress.set(0);
    this.#client.storage
      .from(BUCKET)
      .upload(`${folder}/${file.name}`, file, { upsert: true, observe: 'events' })
      .subscribe({
        next: (e) => {
          if (e.type === 'progress' && e.total) {
            this.progress.set(Math.round((e.loaded / e.total) * 100));
          }
        },
        error: (e: unknown) => this.error.set(e instanceof Error ? e.message : String(e)),
        complete: () => {
          input.value = '';
          this.#refresh.next();
        },
      });
  }

  refresh(): void {
    this.#refresh.next();
  }

  useFallback(name: string): void {
    if (!this.fallback().has(name)) this.fallback.update((s) => new Set([...s, name]));
  }

  #list(folder: string): Observable<readonly Listed[]> {
    const bucket = this.#client.storage.from(BUCKET);
    return bucket.list(folder, { sortBy: { column: 'name', order: 'asc' } }).pipe(
      switchMap(({ data }) => {
        const objects = data.filter((o) => o.id !== null);
        if (objects.length === 0) return of([]);
        return forkJoin(
          objects.map((o) => {
            const path = `${folder}/${o.name}`;
            const sign = (options?: { transform: typeof THUMB }) =>
              bucket.createSignedUrl(path, 600, options).pipe(
                map(({ data: signed }): string | null => signed.signedUrl),
                catchError(() => of(null)),
              );
            const size = (o.metadata as { size?: number } | null)?.size;
            return forkJoin({
              thumb: IMAGE.test(o.name) ? sign({ transform: THUMB }) : of(null),
              plain: IMAGE.test(o.name) ? sign() : of(null),
            }).pipe(map((urls): Listed => ({ name: o.name, size, ...urls })));
          }),
        );
      }),
      catchError((e: unknown) => {
        this.error.set(e instanceof Error ? e.message : String(e));
        return of([]);
      }),
    );
  }
}
