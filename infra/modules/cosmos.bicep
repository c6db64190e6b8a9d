// Cosmos DB for NoSQL, serverless, Entra ID only (disableLocalAuth): database `revalidation`, ONE container `records`
// partitioned by /designatedBodyId (every query names its designated body; ADR 0001, ADR 0003).
param location string
param tags object
@description('uniqueString() of the subscription, environment and region: 13 characters.')
@minLength(13)
@maxLength(13)
param token string

@description('Principal ids given Cosmos DB Built-in Data Contributor (data plane).')
param dataContributorPrincipalIds array

var databaseName = 'revalidation'
var containerName = 'records'
var builtInDataContributor = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: 'cosmos-${token}'
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [
      { locationName: location, failoverPriority: 0, isZoneRedundant: false }
    ]
    capabilities: [
      { name: 'EnableServerless' }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: { tier: 'Continuous7Days' }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
  }
}

resource records 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: {
        paths: [ '/designatedBodyId' ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [ { path: '/*' } ]
        excludedPaths: [ { path: '/"_etag"/?' } ]
      }
    }
  }
}

resource dataContributors 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [for id in dataContributorPrincipalIds: {
  parent: account
  name: guid(account.id, id, builtInDataContributor)
  properties: {
    principalId: id
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${builtInDataContributor}'
    scope: account.id
  }
}]

output endpoint string = account.properties.documentEndpoint
output accountName string = account.name
output databaseName string = database.name
output containerName string = records.name
