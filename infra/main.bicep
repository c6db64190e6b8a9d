// Revalidation on Azure, for `azd up`: one resource group holding the Functions app (API, Graph webhook, evidence
// blob trigger) on Flex Consumption, the worker on Container Apps, Cosmos DB serverless, Storage, Key Vault (secrets a
// person sets: the SMTP relay password and the Graph webhook clientState), Log Analytics + Application Insights, a
// container registry for the worker image, and a Static Web App for the UI. Every data-plane call uses a
// user-assigned managed identity: no keys, no connection strings. Local modules only (see infra/README.md).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment name; it names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('The region of every resource (Flex Consumption must be offered there).')
param location string

@description('The object id of the person running azd: given data access to Cosmos DB, Storage and Key Vault secrets so they can seed data and set the SMTP secret. Empty for none.')
param principalId string = ''

@description('The API\'s Entra ID audience (application id URI or client id of the API app registration).')
param apiAudience string = 'api://revalidation'

@description('The designated body code of users whose token carries none (a single-body deployment). Empty for none.')
param defaultDesignatedBody string = ''

@description('The organisation\'s SMTP relay host. Empty: the worker runs no jobs until it is set (see infra/README.md).')
param smtpHost string = ''

@description('The SMTP relay port (587 STARTTLS, 465 TLS on connect).')
param smtpPort string = '587'

@description('The SMTP user name (the password is the Key Vault secret smtp-password).')
param smtpUserName string = ''

@description('The sender address of alert emails.')
param mailFromAddress string = 'revalidation@example.nhs.uk'

@description('The base of every link in an email; empty: the Static Web App\'s address.')
param publicBaseUrl string = ''

@description('The Entra ID security group whose members are the doctors. Empty: no Graph directory source is configured.')
param doctorGroupId string = ''

@description('The public URL of the Graph webhook, for subscription upkeep. azd stores the output REVALIDATION_GRAPH_NOTIFICATION_URL after the first provision, so the second one fills it in.')
param graphNotificationUrl string = ''

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'modules/resources.bicep' = {
  name: 'revalidation-resources'
  scope: rg
  params: {
    location: location
    tags: tags
    token: token
    principalId: principalId
    apiAudience: apiAudience
    defaultDesignatedBody: defaultDesignatedBody
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpUserName: smtpUserName
    mailFromAddress: mailFromAddress
    publicBaseUrl: publicBaseUrl
    doctorGroupId: doctorGroupId
    graphNotificationUrl: graphNotificationUrl
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.registryLoginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = resources.outputs.containerAppsEnvironmentId
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output AZURE_KEY_VAULT_ENDPOINT string = resources.outputs.keyVaultUri
output AZURE_COSMOS_ENDPOINT string = resources.outputs.cosmosEndpoint
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output AZURE_STORAGE_BLOB_ENDPOINT string = resources.outputs.blobEndpoint
output AZURE_API_IDENTITY_PRINCIPAL_ID string = resources.outputs.apiIdentityPrincipalId
output AZURE_WORKER_IDENTITY_PRINCIPAL_ID string = resources.outputs.workerIdentityPrincipalId
output SERVICE_API_URI string = resources.outputs.functionAppUri
output SERVICE_WEB_URI string = resources.outputs.staticWebAppUri
output REVALIDATION_GRAPH_NOTIFICATION_URL string = '${resources.outputs.functionAppUri}/api/webhooks/graph'
