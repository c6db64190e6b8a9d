// Everything inside the resource group, wired together: identities first, then the data services with their
// data-plane role assignments, then the hosts with settings bound to the typed options (":" written as "__").
param location string
param tags object
@description('uniqueString() of the subscription, environment and region: 13 characters.')
@minLength(13)
@maxLength(13)
param token string
param principalId string
param apiAudience string
param defaultDesignatedBody string
param smtpHost string
param smtpPort string
param smtpUserName string
param mailFromAddress string
param publicBaseUrl string
param doctorGroupId string
param graphNotificationUrl string

@description('Static Web Apps are offered in a few regions only.')
param staticWebAppLocation string = 'westeurope'

module identities 'identities.bicep' = {
  name: 'identities'
  params: { location: location, tags: tags, token: token }
}

module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    token: token
    publisherPrincipalIds: [ identities.outputs.apiPrincipalId, identities.outputs.workerPrincipalId ]
  }
}

module storage 'storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    token: token
    apiPrincipalId: identities.outputs.apiPrincipalId
    workerPrincipalId: identities.outputs.workerPrincipalId
    principalId: principalId
    uploadOrigins: [web.outputs.uri]
  }
}

module cosmos 'cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    tags: tags
    token: token
    dataContributorPrincipalIds: concat(
      [ identities.outputs.apiPrincipalId, identities.outputs.workerPrincipalId ],
      empty(principalId) ? [] : [ principalId ])
  }
}

module vault 'keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    token: token
    readerPrincipalIds: [ identities.outputs.apiPrincipalId, identities.outputs.workerPrincipalId ]
    principalId: principalId
  }
}

module registry 'registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    tags: tags
    token: token
    pullPrincipalId: identities.outputs.workerPrincipalId
  }
}

module web 'staticwebapp.bicep' = {
  name: 'web'
  params: { location: staticWebAppLocation, tags: tags, token: token }
}

var smtpConfigured = !empty(smtpHost)
var linkBase = empty(publicBaseUrl) ? '${web.outputs.uri}/' : publicBaseUrl

// The settings both hosts share: stores, evidence, identity, sign-in.
var sharedSettings = [
  { name: 'Store__Provider', value: 'Cosmos' }
  { name: 'Store__Cosmos__AccountEndpoint', value: cosmos.outputs.endpoint }
  { name: 'Store__Cosmos__DatabaseName', value: cosmos.outputs.databaseName }
  { name: 'Store__Cosmos__ContainerName', value: cosmos.outputs.containerName }
  { name: 'Evidence__Provider', value: 'Blob' }
  { name: 'Evidence__Blob__ServiceUri', value: storage.outputs.blobEndpoint }
  { name: 'Evidence__Blob__ContainerName', value: storage.outputs.evidenceContainer }
  { name: 'Evidence__Blob__UploadContainerName', value: storage.outputs.uploadsContainer }
  // Bicep creates both containers: no create-if-missing round trips on every cold start of a serverless host.
  { name: 'Evidence__Blob__CreateIfMissing', value: 'false' }
  { name: 'Auth__Mode', value: 'EntraId' }
  { name: 'Auth__TenantId', value: tenant().tenantId }
  { name: 'Auth__Audience', value: apiAudience }
  { name: 'Auth__DefaultDesignatedBody', value: defaultDesignatedBody }
]

// A Graph directory source, only when the doctors' group is given (the sync reads it with the API identity).
var directorySettings = empty(doctorGroupId) ? [] : [
  { name: 'Directory__Sources__entra__Kind', value: 'Graph' }
  { name: 'Directory__Sources__entra__DesignatedBody', value: defaultDesignatedBody }
  { name: 'Directory__Sources__entra__Graph__Credential', value: 'ManagedIdentity' }
  { name: 'Directory__Sources__entra__Graph__ClientId', value: identities.outputs.apiClientId }
  { name: 'Directory__Sources__entra__Graph__DoctorGroupIds__0', value: doctorGroupId }
]

var functionSettings = concat(sharedSettings, directorySettings, [
  { name: 'Azure__ManagedIdentityClientId', value: identities.outputs.apiClientId }
  { name: 'Directory__Webhook__ClientState', value: '@Microsoft.KeyVault(SecretUri=${vault.outputs.uri}secrets/graph-client-state)' }
], empty(graphNotificationUrl) ? [] : [
  { name: 'Directory__Webhook__NotificationUrl', value: graphNotificationUrl }
])

var workerEnv = concat(
  map(sharedSettings, s => { name: s.name, value: s.value }),
  [
    { name: 'Azure__ManagedIdentityClientId', value: identities.outputs.workerClientId }
    { name: 'AZURE_CLIENT_ID', value: identities.outputs.workerClientId }
    { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: monitoring.outputs.connectionString }
    { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identities.outputs.workerClientId};Authorization=AAD' }
    // Until the SMTP relay is configured the worker runs no jobs: alerts stay due and are caught up (most urgent
    // first) once it is, rather than being "sent" to a pickup folder inside a container that nobody reads.
    { name: 'Jobs__Enabled', value: smtpConfigured ? 'true' : 'false' }
    { name: 'Alerts__Mail__Transport', value: smtpConfigured ? 'Smtp' : 'Pickup' }
    { name: 'Alerts__Pickup__Path', value: '/tmp/mail' }
    { name: 'Alerts__Mail__FromAddress', value: mailFromAddress }
    { name: 'Alerts__Mail__PublicBaseUrl', value: linkBase }
  ],
  smtpConfigured ? [
    { name: 'Alerts__Smtp__Host', value: smtpHost }
    { name: 'Alerts__Smtp__Port', value: smtpPort }
    { name: 'Alerts__Smtp__Security', value: smtpPort == '465' ? 'SslOnConnect' : 'StartTls' }
    { name: 'Alerts__Smtp__UserName', value: smtpUserName }
    { name: 'Alerts__Smtp__Password', secretRef: 'smtp-password' }
  ] : [])

var workerSecrets = smtpConfigured ? [
  {
    name: 'smtp-password'
    keyVaultUrl: '${vault.outputs.uri}secrets/smtp-password'
    identity: identities.outputs.workerId
  }
] : []

module functions 'functions.bicep' = {
  name: 'functions'
  params: {
    location: location
    tags: tags
    token: token
    identityId: identities.outputs.apiId
    identityClientId: identities.outputs.apiClientId
    storageAccountName: storage.outputs.accountName
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainer: storage.outputs.appPackageContainer
    appInsightsConnectionString: monitoring.outputs.connectionString
    allowedOrigins: [web.outputs.uri]
    settings: functionSettings
  }
}

module worker 'worker.bicep' = {
  name: 'worker'
  params: {
    location: location
    tags: tags
    token: token
    identityId: identities.outputs.workerId
    registryLoginServer: registry.outputs.loginServer
    workspaceName: monitoring.outputs.workspaceName
    env: workerEnv
    secrets: workerSecrets
  }
}

output registryLoginServer string = registry.outputs.loginServer
output containerAppsEnvironmentId string = worker.outputs.environmentId
output functionAppName string = functions.outputs.name
output functionAppUri string = functions.outputs.uri
output keyVaultName string = vault.outputs.name
output keyVaultUri string = vault.outputs.uri
output cosmosEndpoint string = cosmos.outputs.endpoint
output storageAccountName string = storage.outputs.accountName
output blobEndpoint string = storage.outputs.blobEndpoint
output apiIdentityPrincipalId string = identities.outputs.apiPrincipalId
output workerIdentityPrincipalId string = identities.outputs.workerPrincipalId
output staticWebAppUri string = web.outputs.uri
output eventTopicName string = storage.outputs.eventTopicName
