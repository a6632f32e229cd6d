// Entry point of the bundled CLI (dist/kubeharden.js).
import { VERSION } from '../version.js';
import { limitHeapGrowth } from './heap.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // Answered before the argument parser is even loaded: tools call this to probe the install.
  process.stdout.write(`${VERSION}\n`);
} else {
  limitHeapGrowth();
  const { main } = await import('./main.js');
  process.exitCode = await main(args);
}
