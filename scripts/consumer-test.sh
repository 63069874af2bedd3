#!/usr/bin/env bash
# A new user's first hour, automated: pack Landform, install the tarball into a fresh project with
# only the dependencies docs/install.md lists (no cdktf-cli), type-check and `landform synth` the README's quickstart
# on both clouds, and run the `landform` bin on the output. Needs the npm registry for the first
# install; later runs reuse npm's cache (--prefer-offline). Needs `npm run build` first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ -f "$root/dist/lib/index.js" ] || { echo "consumer-test: dist/ is not built; run \`npm run build\` first." >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/landform-consumer-XXXXXX")"
trap 'rm -rf "$work"' EXIT
export CHECKPOINT_DISABLE=1 npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

pin() { node -p "require('$root/package.json').devDependencies['$1']"; }
version="$(node -p "require('$root/package.json').version")"
(cd "$root" && npm pack --ignore-scripts --silent --pack-destination "$work" >/dev/null)
tarball="$work/landform-$version.tgz"

app="$work/app"
mkdir -p "$app"
cd "$app"
cat > package.json <<JSON
{ "name": "consumer", "version": "1.0.0", "private": true }
JSON
# The install lines of docs/install.md, with the dev tools at the versions this repository uses.
npm install --prefer-offline "$tarball" "cdktf@$(pin cdktf)" "constructs@$(pin constructs)" 2> install.err
npm install --prefer-offline --save-dev "typescript@$(pin typescript)" \
  "ts-node@$(pin ts-node)" "@types/node@$(pin @types/node)" 2>> install.err
if grep -n "landform" install.err; then
  echo "consumer-test: npm warned about landform itself while installing it (above)." >&2
  exit 1
fi
# One copy of cdktf and of constructs: the provider packages share the consumer's.
for dep in cdktf constructs; do
  copies="$(find . -path "*/node_modules/$dep/package.json" | wc -l)"
  [ "$copies" = 1 ] || { echo "consumer-test: $copies copies of $dep installed." >&2; exit 1; }
done

cat > cdktf.json <<'JSON'
{ "language": "typescript", "app": "npx ts-node main.ts", "output": "cdktf.out" }
JSON
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "strict": true,
    "esModuleInterop": true,
    "types": ["node"]
  },
  "include": ["*.ts"]
}
JSON
# The README's quickstart as a user copies it: imports from "landform", not "../lib".
sed 's#from "\.\./lib"#from "landform"#' "$root/examples/quickstart.ts" > main.ts
grep -q 'from "landform"' main.ts || { echo "consumer-test: examples/quickstart.ts no longer imports ../lib." >&2; exit 1; }
# The subpath entry points resolve and type-check too.
cat > subpaths.ts <<'TS'
import { readOutput } from "landform/ops";
import { checkStacks } from "landform/policy";
import { runCli } from "landform/cli";
import { generateWorkflows } from "landform/pipeline";
import { ModuleStack } from "landform/modules";
export const entryPoints = [readOutput, checkStacks, runCli, generateWorkflows, ModuleStack];
TS

npx tsc --noEmit
npx landform synth > synth.log 2>&1 || { cat synth.log >&2; exit 1; }
grep -q '"aws_db_instance"' cdktf.out/stacks/aws-prod/cdk.tf.json
grep -q '"google_sql_database_instance"' cdktf.out/stacks/gcp-prod/cdk.tf.json
[ "$(npx landform --version)" = "$version" ] || { echo "consumer-test: landform --version is not $version." >&2; exit 1; }
npx landform stacks cdktf.out
npx landform policy check cdktf.out --pack baseline
echo "consumer-test: landform $version installs, type-checks, synthesizes on aws and gcp, and runs its bin."
