#!/usr/bin/env bash
# Fails when a source file includes a module its layer may not reach (docs/architecture.md,
# "Modules"): each line below names a module under src/ and the modules it may include, itself
# included. Run by the test command; run it by hand after moving code between modules.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A allowed=(
    [domain]="domain"
    [metrics]="metrics"
    [store]="store domain metrics"
    [live]="live domain metrics"
    [render]="render domain"
    [outbound]="outbound domain metrics"
    [service]="service domain store live render outbound metrics"
    [portability]="portability domain store service outbound metrics"
    [http]="http domain store live render service portability outbound metrics"
    [app]="app domain store live render service portability http outbound metrics"
)

bad=0
for module in src/*/; do
    module=$(basename "$module")
    if [[ -z "${allowed[$module]+set}" ]]; then
        echo "check-layers: src/$module is not in the layer table (scripts/check-layers.sh)" >&2
        bad=1
        continue
    fi
    # Every quoted include of the form "module/...": the project's own headers.
    while IFS=: read -r file line target; do
        target=${target#*\"}
        target=${target%%/*}
        if [[ " ${allowed[$module]} " != *" $target "* ]]; then
            echo "check-layers: $file:$line: $module may not include $target/" >&2
            bad=1
        fi
    done < <(grep -rnoE '^#include "[a-z_]+/' "src/$module" || true)
done
((bad == 0)) && echo "check-layers: every include follows the layer table"
exit "$bad"
