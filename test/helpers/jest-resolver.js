// the @kubernetes-models/* packages export only an "import" condition; jest resolves with "require".
// for requests made for or from those packages (and their ESM-only dependencies), resolve with "import"
// so ts-jest can transpile them to CommonJS (see transformIgnorePatterns in jest.config.js)
const esmOnly = /(^|[\\/])(@kubernetes-models[\\/][^\\/]+|kubernetes-models|is-cidr|cidr-regex|ip-regex)([\\/]|$)/;
module.exports = (request, options) => {
  const fromEsm = esmOnly.test(options.basedir) && options.basedir.includes('node_modules');
  if (esmOnly.test(request) || fromEsm) {
    try {
      return options.defaultResolver(request, { ...options, conditions: ['import', 'node', 'default'] });
    } catch {
      // fall through to the default conditions
    }
  }
  return options.defaultResolver(request, options);
};
