// Installs test/tools (the SARIF validator and GitHub's OpenAPI description: about 500 MB that only
// the test suite needs) when it is missing or its lock file changed. They are not devDependencies of
// the package because pre-commit installs devDependencies for every user of the hook.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'tools');
const lock = readFileSync(join(dir, 'package-lock.json'));
const want = createHash('sha256').update(lock).digest('hex');
const stamp = join(dir, 'node_modules', '.kubeharden-lock-sha256');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
  console.log('test tools: installing test/tools (SARIF multitool, GitHub OpenAPI description)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  writeFileSync(stamp, want);
}
