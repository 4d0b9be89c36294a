export * from './consistency';
export * from './matchers';
