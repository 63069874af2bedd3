import { lineLocator } from "../../lib/policy/formats/lines";
import { lineOf } from "../../lib/policy/formats/lines";

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

describe("SARIF lines of many blocks from one index", () => {
  // Keys with escapes, strings holding braces, quotes and key-like text, blocks as lists, nesting deeper than 3.
  const resource: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < 300; i++) {
    const type = i % 3 === 0 ? 'odd"type\\x' : `aws_instance_${i % 7}`;
    resource[type] ??= {};
    resource[type][`r${i}`] = {
      user_data: `echo "{ \\"resource\\": [ r${i + 1} ] }"\n`,
      tags: { [`r${i + 1}`]: "x", nested: [{ resource: { [type]: { [`r${i}`]: 1 } } }] },
    };
  }
  const json = { provider: { aws: [{ region: "eu-west-1" }], google: { project: "p" } }, resource };
  const text = JSON.stringify(json, null, 2);
  const lines = text.split("\n");

  /** The line a reader finds by eye: the type's key under "resource", then the name's key below it. */
  const expected = (type: string, name: string) => {
    const typeAt = lines.indexOf(`    ${JSON.stringify(type)}: {`, lines.indexOf('  "resource": {'));
    return lines.indexOf(`      ${JSON.stringify(name)}: {`, typeAt) + 1;
  };

  test("every resource and provider is located at its own key", () => {
    const locate = lineLocator(text);
    let checked = 0;
    for (const [type, byName] of Object.entries(resource)) {
      for (const name of Object.keys(byName)) {
        expect(locate({ kind: "resource", type, name })).toBe(expected(type, name));
        checked++;
      }
    }
    expect(checked).toBe(300);
    expect(lines[lineOf(text, { kind: "provider", type: "google", name: "default" }) - 1]).toBe('    "google": {');
  });

  test("compact JSON (one line) and CRLF files", () => {
    const compact = JSON.stringify(json);
    expect(lineOf(compact, { kind: "resource", type: "aws_instance_1", name: "r1" })).toBe(1);
    const crlf = text.replace(/\n/g, "\r\n");
    expect(lineOf(crlf, { kind: "resource", type: "aws_instance_1", name: "r1" })).toBe(
      lineOf(text, { kind: "resource", type: "aws_instance_1", name: "r1" }),
    );
  });
});
