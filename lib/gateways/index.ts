export * from './gateway';
export * from './registry';
export * from './gateway-api';
export * from './istio';
export * from './envoy-gateway';
