export * from './provider';
export * from './registry';
export * from './generic';
export * from './kind';
export * from './metallb';
export * from './aws-lbc';
