// One user-assigned identity per host: the Functions app (API, webhook, blob trigger) and the worker.
param location string
param tags object
@description('uniqueString() of the subscription, environment and region: 13 characters.')
@minLength(13)
@maxLength(13)
param token string

resource api 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-api-${token}'
  location: location
  tags: tags
}

resource worker 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-worker-${token}'
  location: location
  tags: tags
}

output apiId string = api.id
output apiClientId string = api.properties.clientId
output apiPrincipalId string = api.properties.principalId
output workerId string = worker.id
output workerClientId string = worker.properties.clientId
output workerPrincipalId string = worker.properties.principalId
