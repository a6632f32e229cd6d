// Entry point of the bundled CLI (dist/kubeharden.js).
import { limitHeapGrowth } from './heap.js';
import { main } from './main.js';

limitHeapGrowth();
process.exitCode = await main(process.argv.slice(2));
