// Registers every element; import a single registration file to ship less.
export * from './invite-inbox.js';
export * from './invite-prompt.js';
export * from './invite-scope-admin.js';
