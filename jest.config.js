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
    '^@lib/([a-z-]+)/testing$': '<rootDir>/libs/$1/src/testing',
  },
  // A bound for a hung test, not a measure of speed: wide enough for a busy two-core machine.
  testTimeout: 60000,
};
