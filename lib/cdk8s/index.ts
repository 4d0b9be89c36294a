export * from './http3-gateway';
export * from './mixed-protocol-load-balancer';
export * from './quic-listener';
export * from './alt-svc-policy';
export * from './https-dns-record';
export * from './artifacts';
