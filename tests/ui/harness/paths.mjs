// Where the repository and the UI's node_modules are.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/// The repository's root.
export const repoRoot = resolve(here, '../../..');
const nodeModules = resolve(process.env.UI_NODE_MODULES ?? join(repoRoot, 'ui/node_modules'));
/// `require` resolving from the UI's node_modules ($UI_NODE_MODULES, default ui/node_modules).
export const requireUi = createRequire(join(nodeModules, '..', 'package.json'));

/// The module from the UI's node_modules, or an error saying to run `npm ci`.
export function need(module) {
  try {
    return requireUi(module);
  } catch (error) {
    throw new Error(`harness: cannot load ${module} from ${nodeModules} (run 'npm ci' in ui/): ${error.message}`);
  }
}
