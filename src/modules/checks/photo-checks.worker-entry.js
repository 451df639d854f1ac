// A worker thread starts without tsx: register() in bin/cp-insurance.js reaches only the main thread,
// and on Node 20 an inherited `--import tsx` registers nothing off the main thread. So this plain-JS
// entry registers tsx in the worker, then imports the TypeScript task.
import { register } from 'tsx/esm/api';

register();
const { default: inspectPhoto } = await import('./photo-checks.worker.ts');
export default inspectPhoto;
