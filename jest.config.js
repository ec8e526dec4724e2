/** Unit, contract and end-to-end suites all run under one Jest config. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  // jose ships only as an ES module: it is compiled to CommonJS like our own sources.
  transform: { '^.+\\.ts$': ['@swc/jest'], '/node_modules/jose/.+\\.js$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: {
    '^@lib/([a-z-]+)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 30000,
  // Every suite closes what it opens, yet a run against the real broker now and then kept a
  // socket open past its summary, holding the run (and CI) until killed. Results are final once
  // printed; a leak that changed a result would still fail its test.
  forceExit: true,
};
