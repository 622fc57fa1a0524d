#!/usr/bin/env bash
# Checks scenarios/schema.json with the editors' and validators' own tools:
# ajv in strict mode must compile it and accept every library scenario, and
# yaml-language-server must complete keys with their colon, hover with each
# key's description and report nothing on the library (schema-editors.js).
# Needs node and npm; .ci/run calls it only when they are present. The npm
# packages are pinned and installed into a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm install --silent --no-audit --no-fund --prefix "$tmp" \
	ajv-cli@5.0.0 ajv@8.17.1 yaml-language-server@1.25.0 js-yaml@4.1.0 >/dev/null
bin=$tmp/node_modules/.bin
schema=$tmp/schema.json
go run ./cmd/ttx schema >"$schema"
cmp -s "$schema" scenarios/schema.json || { echo "ttx schema differs from scenarios/schema.json"; exit 1; }
echo "-- ajv compile --strict=true"
"$bin/ajv" compile --spec=draft2020 --strict=true -s "$schema"
echo "-- ajv validate --strict=true: the library"
for f in scenarios/library/*.yaml; do
	"$bin/js-yaml" "$f" >"$tmp/$(basename "$f" .yaml).json"
	"$bin/ajv" validate --spec=draft2020 --strict=true -s "$schema" -d "$tmp/$(basename "$f" .yaml).json"
done
echo "-- yaml-language-server"
NODE_PATH=$tmp/node_modules node .ci/schema-editors.js "$schema" scenarios/library/ransomware-phishing.yaml scenarios/library/*.yaml
