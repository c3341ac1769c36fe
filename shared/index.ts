export * from './errors.js';
export * from './geo.js';
export * from './text.js';
export * from './protocol.js';
export * from './plans.js';
export * from './threads.js';
export * from './amsterdamTime.js';
export * from './polls.js';
