export * from './dns-provider';
export * from './registry';
export * from './refusals';
export * from './cloudflare';
export * from './route53';
export * from './google-cloud-dns';
