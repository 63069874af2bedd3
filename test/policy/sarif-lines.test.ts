import { lineOf } from "../../lib/policy/formats/sarif";

describe("SARIF line of a block", () => {
  // `tags` is both an attribute of aws_instance.app and the name of the next resource.
  const text = JSON.stringify(
    {
      provider: { aws: [{ region: "eu-west-1" }] },
      resource: { aws_instance: { app: { ami: "ami-1", tags: { Name: "app" } }, tags: { ami: "ami-2" } } },
    },
    null,
    2,
  );
  const lines = text.split("\n");

  test("finds the resource's own key, not an attribute of the same name", () => {
    const line = lineOf(text, { kind: "resource", type: "aws_instance", name: "tags" });
    expect(lines[line - 1].trim()).toBe('"tags": {');
    expect(lines[line].trim()).toBe('"ami": "ami-2"');
  });

  test("finds a provider block, and falls back to line 1 when absent or unreadable", () => {
    expect(lines[lineOf(text, { kind: "provider", type: "aws", name: "default" }) - 1].trim()).toBe('"aws": [');
    expect(lineOf(text, { kind: "resource", type: "aws_instance", name: "missing" })).toBe(1);
    expect(lineOf('{"resource": {"a": ', { kind: "resource", type: "a", name: "b" })).toBe(1);
  });
});
