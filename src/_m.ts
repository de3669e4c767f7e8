export { createInviteProxy } from './server/proxy.js';
export { seedApiProvider } from './server/providers/seed-api.js';
