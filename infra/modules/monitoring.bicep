// Log Analytics + workspace-based Application Insights with local (instrumentation key) auth off: telemetry is sent
// with Entra ID tokens of the hosts' identities, which get Monitoring Metrics Publisher.
param location string
param tags object
@description('uniqueString() of the subscription, environment and region: 13 characters.')
@minLength(13)
@maxLength(13)
param token string

@description('Principal ids allowed to publish telemetry.')
param publisherPrincipalIds array

var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
    features: { disableLocalAuth: false }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

resource publishers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for id in publisherPrincipalIds: {
  name: guid(insights.id, id, monitoringMetricsPublisher)
  scope: insights
  properties: {
    principalId: id
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
  }
}]

output workspaceName string = workspace.name
output workspaceId string = workspace.id
output connectionString string = insights.properties.ConnectionString
