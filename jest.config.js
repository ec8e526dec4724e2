/** Unit, contract and end-to-end suites all run under one Jest config. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: {
    '^@lib/(domain|event-store|read-model|auth)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 30000,
};
