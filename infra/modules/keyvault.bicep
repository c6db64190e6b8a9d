// Key Vault with Azure RBAC (no access policies), for the secrets a person sets after provisioning: the SMTP relay
// password (smtp-password) and the Graph webhook clientState (graph-client-state). Hosts read them with Key Vault
// Secrets User; the person running azd gets Key Vault Secrets Officer to set them.
param location string
param tags object
@description('uniqueString() of the subscription, environment and region: 13 characters.')
@minLength(13)
@maxLength(13)
param token string
param readerPrincipalIds array
param principalId string

var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var secretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${token}'
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for id in readerPrincipalIds: {
  name: guid(vault.id, id, secretsUser)
  scope: vault
  properties: {
    principalId: id
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}]

resource officer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, secretsOfficer)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'User'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficer)
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
