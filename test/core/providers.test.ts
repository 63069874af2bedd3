import { cloudOfProvider, providerDefaultTags } from "../../lib/core/providers";
import { stackFacts } from "../../lib/ops/facts";
import { stackContext } from "../../lib/policy/context";

// One table reads a cloud's provider blocks for ops (stack facts) and policy (stack context).
describe.each([
  ["aws", "aws", { default_tags: [{ tags: { environment: "prod", team: "core", ref: 1 } }] }],
  ["gcp", "google", { default_labels: { environment: "prod", team: "core", ref: 1 } }],
  ["gcp", "google-beta", { default_labels: { environment: "prod", team: "core", ref: 1 } }],
])("%s provider %s", (cloud, name, attributes) => {
  test("names its cloud, and its default tags are read with references dropped", () => {
    expect(cloudOfProvider(name)).toBe(cloud);
    expect(providerDefaultTags({ name, attributes })).toEqual({ environment: "prod", team: "core" });
  });

  test("ops and policy read the same environment from it", () => {
    const json = { provider: { [name]: [{ region: "r", ...attributes }] } };
    expect(stackFacts(json)).toMatchObject({ cloud, environment: "prod" });
    expect(stackContext("s", json)).toMatchObject({ environment: "prod", production: true });
  });
});

test("a provider of no cloud has no default tags", () => {
  expect(cloudOfProvider("kubernetes")).toBeUndefined();
  expect(providerDefaultTags({ name: "kubernetes", attributes: { default_labels: { environment: "prod" } } })).toEqual(
    {},
  );
  expect(providerDefaultTags(undefined)).toEqual({});
});
