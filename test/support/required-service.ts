/**
 * Suites against a real service (Kafka, PostgreSQL) run when its environment variable is set.
 * Under CI=true a missing variable fails the suite instead of skipping it: CI starts them all.
 */
export function describeWithService(variable: string, name: string, suite: (value: string) => void): void {
  const value = process.env[variable];
  if (value) {
    describe(name, () => suite(value));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs ${variable} under CI`, () => {
        throw new Error(`${variable} is not set: CI must run the suites that need it (see .ci/run)`);
      });
    });
    return;
  }
  const skipped = describe.skip;
  skipped(`${name} (set ${variable} to run it)`, () => suite(''));
}
