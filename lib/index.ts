// kube-http3 core: framework-free (no cdk8s or Pulumi import is reachable from here)
export * from './core';
export * from './providers';
export * from './gateways';
export * from './dns-providers';
