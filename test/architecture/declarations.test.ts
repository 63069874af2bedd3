import fs from "fs";
import os from "os";
import path from "path";
import {
  buildDeclarations,
  declarations,
  entryExports,
  internals,
  leakedMembers,
  Reader,
} from "../../scripts/type-checks/declarations";

// The published declarations are checked by scripts/type-checks/declarations.ts in `npm test`'s
// static checks (one tsc build there, not in jest). Here each of its checks is shown to fail on a
// planted fixture, since a check that cannot fail proves nothing.

const reader =
  (files: Record<string, string>): Reader =>
  (f) =>
    files[f] ?? "";

const source = `export class Network {
  /** @internal */
  public readonly landformKind = "Network";
  public readonly networkId: string;
}
/** @internal */
export function requireNetwork(value: unknown): Network { return value as Network; }
export function publicHelper(): void {}
`;

describe("the published declarations check", () => {
  test("reads members and functions, with their @internal mark", () => {
    expect(declarations("lib/network.ts", source)).toEqual([
      { name: "Network.landformKind", internal: true },
      { name: "Network.networkId", internal: false },
      { name: "requireNetwork", internal: true },
      { name: "publicHelper", internal: false },
    ]);
  });

  test("finds an @internal member or function left in the .d.ts", () => {
    const leakedDts = `export declare class Network {\n  readonly landformKind = "Network";\n  readonly networkId: string;\n}\nexport declare function requireNetwork(value: unknown): Network;\n`;
    const strippedDts = `export declare class Network {\n  readonly networkId: string;\n}\n`;
    const src = reader({ "lib/network.ts": source });
    expect(internals(["lib/network.ts"], src, reader({ "lib/network.ts": leakedDts }))).toEqual({
      marked: ["Network.landformKind", "requireNetwork"],
      kept: ["lib/network.ts: Network.landformKind", "lib/network.ts: requireNetwork"],
    });
    expect(internals(["lib/network.ts"], src, reader({ "lib/network.ts": strippedDts })).kept).toEqual([]);
  });

  test("finds landformKind, connectionFor or spec in a construct file's declarations", () => {
    const dts = `export declare class Cluster {\n  connectionFor(): void;\n  readonly spec: unknown;\n  readonly name: string;\n}\n`;
    expect(leakedMembers(["lib/cluster.ts"], reader({ "lib/cluster.ts": dts }))).toEqual([
      "lib/cluster.ts: Cluster.connectionFor",
      "lib/cluster.ts: Cluster.spec",
    ]);
  });

  test("finds a *Spec type, CloudTarget or registry function exported by an entry point", () => {
    const dts = `export { Network, NetworkSpec } from "./network";\nexport { CloudTarget, targetFor } from "./core/registry";\n`;
    expect(entryExports(["lib/index.ts"], reader({ "lib/index.ts": dts }))).toEqual({
      exported: ["Network", "NetworkSpec", "CloudTarget", "targetFor"],
      internal: ["lib/index.ts: NetworkSpec", "lib/index.ts: CloudTarget", "lib/index.ts: targetFor"],
    });
  });

  test("reports a build that fails, with tsc's message", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-dts-planted-"));
    try {
      fs.writeFileSync(path.join(dir, "index.ts"), `export const zones: number = "two";\n`);
      fs.writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: { declaration: true, strict: true, lib: ["es5"], types: [] },
          files: ["index.ts"],
        }),
      );
      const build = buildDeclarations(path.join(dir, "tsconfig.json"), path.join(dir, "out"));
      expect(build.ok).toBe(false);
      expect(build.output).toContain("index.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
