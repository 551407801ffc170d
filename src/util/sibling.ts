/**
 * A module beside the calling one, in the same form: `.ts` when running the sources (tsx), `.js`
 * when running the build (dist/). Worker modules are named through it so both forms work.
 */

/** `name` (without extension) next to the module at `base` (its import.meta.url). */
export function siblingModule(base: string, name: string): URL {
  const ext = new URL(base).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, base);
}

/** true for a TypeScript module, which needs tsx's loader in a new process or thread. */
export const needsTsx = (module: URL): boolean => module.pathname.endsWith('.ts');
