/**
 * Paths on the command line mean what they mean where the user typed them. `npm run npasd -- ...`
 * runs the command from the package root whatever the user's directory, so relative paths
 * (`detect models/pump rec/*.wav`, whose glob the user's shell has already expanded there) would
 * break; npm records that directory in INIT_CWD. Imported first by main.ts, before anything
 * resolves a path.
 */
import { statSync } from 'node:fs';

/** The npm scripts that start this command line (package.json). */
const CLI_SCRIPTS = new Set(['npasd', 'reproduce', 'data', 'download', 'figures']);

/** The directory to resolve the user's paths from, or null to stay where we are. */
export function userCwd(env: NodeJS.ProcessEnv, cwd: string): string | null {
  const dir = env.INIT_CWD;
  if (!dir || dir === cwd) return null;
  // Only when started by one of our scripts: a test or tool run by npm that spawns the command
  // line with a directory of its own inherits INIT_CWD too.
  if (env.npm_package_name !== 'npasd' || !CLI_SCRIPTS.has(env.npm_lifecycle_event ?? '')) {
    return null;
  }
  try {
    return statSync(dir).isDirectory() ? dir : null;
  } catch {
    return null;
  }
}

const dir = userCwd(process.env, process.cwd());
if (dir) process.chdir(dir);
