// Entry point of the bundled CLI (dist/kubeharden.js).
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
