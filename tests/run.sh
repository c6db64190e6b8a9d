#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line:
#   Tests: N passed, N failed, N skipped
# summed over all projects. Exits non-zero if any test failed, a test project did not report, or no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."

results="$PWD/.test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Local stand-ins for Azure services (Cosmos-compatible server, Azurite) are installed from the
# lock file under tests/azure-standins when that folder exists; the test fixtures start and stop them.
if [ -f tests/azure-standins/package-lock.json ]; then
  (cd tests/azure-standins && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; echo "Tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
fi

# The browser tests (tests/Revalidation.E2E.Tests) drive Debian's Chromium through Playwright, which cannot download its own browser.
command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null \
  || { echo "Installing chromium failed"; echo "Tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

# NU1603 (a dependency resolved to the nearest served version) stays a warning, as Directory.Build.props says; the switch
# also reaches the project the Functions SDK generates and restores during the build, which does not import that file.
dotnet build Revalidation.sln -c Release -warnaserror -warnnotaserror:NU1603 --nologo -v:q -clp:ErrorsOnly
build=$?
if [ $build -ne 0 ]; then
  echo "Build failed."
  echo "Tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

projects=$(find tests -name '*.Tests.csproj' | sort)
expected=$(echo "$projects" | grep -c . || true)

status=0
for project in $projects; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=1
done

passed=0; failed=0; skipped=0; reports=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  reports=$((reports + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); e=$(get error); n=$(get notExecuted)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${n:-0}))
done

if [ "$reports" -lt "$expected" ]; then
  echo "Only $reports of $expected test projects reported results (a test host crashed?)."
  failed=$((failed + expected - reports))
fi

echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ $status -ne 0 ] || [ $failed -gt 0 ] || [ $passed -eq 0 ]; then
  exit 1
fi
exit 0
