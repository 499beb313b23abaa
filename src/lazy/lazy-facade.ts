import type { Observable } from 'rxjs';
import type { LazyModule } from './lazy-module.js';

/**
 * The shape of an object's public methods that return Observables, each as `true`, nested objects
 * (`admin.mfa`) as the same shape: what {@link lazyFacade} builds. It is a mapped type so that a
 * method added to the real class and missing from the list is a compile error.
 */
export type MethodNames<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => Observable<unknown> ? true : MethodNames<T[K]>;
};

/**
 * An object with the methods of the one `create(module)` makes, for a class in a module loaded on
 * first use (`auth.admin`, `auth.mfa`). Before the module has loaded, a method returns a cold
 * Observable that loads it at subscribe, then subscribes to the real method's Observable (its
 * arguments are checked then, as the real methods check them inside the subscription); once it has
 * loaded, a method calls the real one at once. The real object is made once, on first use.
 *
 * @example
 * ```ts
 * const admin = lazyFacade(adminModule, (m) => new m.AdminApi(api), { listUsers: true, mfa: { listFactors: true } });
 * admin.listUsers().subscribe(); // loads the admin module, then sends GET /admin/users
 * ```
 */
export function lazyFacade<M, T>(
  lazy: LazyModule<M>,
  create: (module: M) => T,
  methods: MethodNames<T>,
): T {
  let target: T | undefined;
  const realMethod = (module: M, path: readonly string[], name: string) => {
    let owner = (target ??= create(module)) as Record<string, unknown>;
    for (const key of path) owner = owner[key] as Record<string, unknown>;
    return (owner[name] as (...args: unknown[]) => Observable<unknown>).bind(owner);
  };
  const build = (names: object, path: readonly string[]) => {
    const facade: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(names)) {
      facade[name] =
        value === true
          ? (...args: unknown[]) =>
              lazy.current !== undefined
                ? realMethod(lazy.current, path, name)(...args)
                : lazy((module) => realMethod(module, path, name)(...args))
          : build(value as object, [...path, name]);
    }
    return facade;
  };
  // The facade has the class's public methods, not its private fields: the type is the class's so
  // that users see one API (and its documentation) whichever object they hold.
  return build(methods, []) as unknown as T;
}
