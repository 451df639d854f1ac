#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: there is no build step between a change and a run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main(process.argv);
