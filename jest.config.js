/** Transpile-only transform: type checking is `tsc --noEmit` in `npm test`, not jest's job. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }] },
  // Jest's default is one worker fewer than the cores: a single worker on a 2-core machine. Many
  // suites wait on child processes (tsc, terraform, synth), so one worker per core keeps both busy.
  maxWorkers: "100%",
};
