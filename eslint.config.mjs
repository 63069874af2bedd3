import tseslint from "typescript-eslint";

// Importing a provider package root loads every resource class of that cloud:
// measured at ~2 s and ~600 MB per provider on each synth. Import per resource.
const providerRoot = {
  regex: "^@cdktf/provider-[a-z-]+/?$",
  message: "Import provider classes per resource, e.g. '@cdktf/provider-aws/lib/vpc', never the package root.",
};

export default tseslint.config(
  {
    ignores: ["node_modules/**", "dist/**", "terraform/**", "bench/out/**", "**/*.d.ts", "coverage/**", "docs/api/**"],
  },
  {
    files: ["**/*.ts", "**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.base],
    rules: {
      "no-restricted-imports": ["error", { patterns: [providerRoot] }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.name='require'] > Literal[value=/^@cdktf\\/provider-[a-z-]+$/]",
          message: providerRoot.message,
        },
        {
          selector: "ImportExpression > Literal[value=/^@cdktf\\/provider-[a-z-]+$/]",
          message: providerRoot.message,
        },
      ],
      "no-unused-vars": "off",
      "prefer-const": "error",
      "no-var": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
);
