#!/bin/sh
# Writes the web UI's production settings (the API's URL and the Entra ID app registrations) before azd packages the
# web service (hook prepackage of the web service). The API's URL comes from the provision outputs; the two client ids
# and the API's audience are azd environment values (see infra/README.md, "5. Sign-in for the web UI"):
#   azd env set REVALIDATION_WEB_CLIENT_ID <client id of the single-page-app registration>
#   REVALIDATION_API_AUDIENCE (default api://revalidation), the API registration's application id URI
set -eu

: "${SERVICE_API_URI:?provision first (azd provision): SERVICE_API_URI is a provision output}"
: "${AZURE_TENANT_ID:?provision first (azd provision): AZURE_TENANT_ID is a provision output}"
: "${REVALIDATION_WEB_CLIENT_ID:?set it: azd env set REVALIDATION_WEB_CLIENT_ID <client id of the SPA registration>}"
audience="${REVALIDATION_API_AUDIENCE:-api://revalidation}"

settings="$(cd "$(dirname "$0")/../.." && pwd)/src/Revalidation.Web/wwwroot/appsettings.Production.json"
cat > "$settings" <<JSON
{
  "ApiBaseUrl": "${SERVICE_API_URI}",
  "Auth": {
    "Mode": "Oidc",
    "Oidc": {
      "Authority": "https://login.microsoftonline.com/${AZURE_TENANT_ID}/v2.0",
      "ClientId": "${REVALIDATION_WEB_CLIENT_ID}",
      "ApiScope": "${audience}/access_as_user"
    }
  }
}
JSON
echo "Wrote the web UI's production settings (API at ${SERVICE_API_URI})."
