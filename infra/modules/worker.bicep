// The worker service on Azure Container Apps: exactly one replica (min = max = 1; the scheduler lease would keep a
// second one idle anyway). azd replaces the placeholder image with the one it builds from `dotnet publish`.
param location string
param tags object
@description('uniqueString() of the subscription, environment and region: 13 characters.')
@minLength(13)
@maxLength(13)
param token string
param identityId string
param registryLoginServer string
param workspaceName string

@description('Environment variables of the worker (name/value or name/secretRef pairs).')
param env array

@description('Container App secrets (Key Vault references read with the worker identity).')
param secrets array

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${token}'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      { name: 'Consumption', workloadProfileType: 'Consumption' }
    ]
  }
}

resource worker 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'ca-worker-${token}'
  location: location
  tags: union(tags, { 'azd-service-name': 'worker' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    managedEnvironmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      registries: [
        { server: registryLoginServer, identity: identityId }
      ]
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'
          resources: { cpu: json('0.5'), memory: '1Gi' }
          env: env
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: 1
      }
    }
  }
}

output environmentId string = environment.id
output name string = worker.name
