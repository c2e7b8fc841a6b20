#!/usr/bin/env -S node --v8-pool-size=0
// --v8-pool-size=0 sizes V8's background threads (compilers, collector helpers) to the machine's
// cores less one, where Node's default is always four: on two cores the four crowded out the main
// thread, and the first 10,000 alerts after start took a third more CPU (see the README).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
