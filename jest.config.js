/** @type {import('jest').Config} */
// the @kubernetes-models/* schema packages (used by test/helpers/schemas.ts) ship ESM only; jest runs
// CommonJS, so ts-jest also transpiles those packages and their ESM-only dependencies
const esmPackages = ['@kubernetes-models', 'kubernetes-models', 'is-cidr', 'cidr-regex', 'ip-regex', 'ip-bigint', 'ip-address'];
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/record-oracles.setup.ts'],
  moduleNameMapper: {
    '^kube-http3$': '<rootDir>/lib/index.ts',
    '^kube-http3/(cdk8s|pulumi|testing)$': '<rootDir>/lib/$1/index.ts',
  },
  resolver: '<rootDir>/test/helpers/jest-resolver.js',
  clearMocks: true,
  // property tests and the strict validator run long on a loaded 2-core machine
  testTimeout: 30000,
};
