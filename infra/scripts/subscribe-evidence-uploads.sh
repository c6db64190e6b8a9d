#!/bin/sh
# Subscribes the evidence-upload blob trigger (Flex Consumption: Event Grid source) to blob-created events of the
# evidence-uploads container. Run by azd after `azd deploy` (hook postdeploy); safe to run again.
# Needs: az CLI signed in; the azd environment's values (azd exports them to hooks).
set -eu

: "${AZURE_RESOURCE_GROUP:?run through azd, or export AZURE_RESOURCE_GROUP}"
: "${AZURE_FUNCTION_APP_NAME:?run through azd, or export AZURE_FUNCTION_APP_NAME}"
: "${AZURE_STORAGE_ACCOUNT_NAME:?run through azd, or export AZURE_STORAGE_ACCOUNT_NAME}"

function_name="EvidenceUploadVerification"
topic=$(az eventgrid system-topic list -g "$AZURE_RESOURCE_GROUP" --query "[0].name" -o tsv)
key=$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" --query "systemKeys.blobs_extension" -o tsv)
if [ -z "$key" ]; then
  echo "The blobs_extension key does not exist yet: deploy the api service first (azd deploy api)." >&2
  exit 1
fi

host=$(az functionapp show -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" --query defaultHostName -o tsv)
endpoint="https://$host/runtime/webhooks/blobs?functionName=Host.Functions.$function_name&code=$key"

az eventgrid system-topic event-subscription create \
  --name evidence-uploads \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$topic" \
  --endpoint-type webhook \
  --endpoint "$endpoint" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/evidence-uploads/" \
  --event-delivery-schema EventGridSchema \
  --output none
echo "Event Grid subscription evidence-uploads -> $function_name is in place."
