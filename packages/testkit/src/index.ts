export { startProcess, exitOf, type RunningProcess, type StartProcessOptions } from './child-process.js';
export { listen, type Listening } from './listen.js';
export { startEchoUpstream, type EchoBody, type EchoOptions, type EchoUpstream } from './upstreams.js';
export { GiveUp, waitFor, type WaitForOptions } from './wait-for.js';
