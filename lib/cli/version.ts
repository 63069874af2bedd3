import * as fs from "fs";
import * as path from "path";

/** Landform's version, from the package.json above this file (source or dist). */
export function packageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "landform") return pkg.version ?? "0.0.0";
    }
  }
  return "0.0.0";
}
