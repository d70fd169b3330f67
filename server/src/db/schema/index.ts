export * from './settings.ts';
export * from './counties.ts';
export * from './outposts.ts';
export * from './users.ts';
export * from './sessions.ts';
export * from './audit-log.ts';
export * from './talents.ts';
export * from './collections.ts';
