// The web UI (Revalidation.Web, Blazor WebAssembly) on a Static Web App; azd deploys the published wwwroot.
param location string
param tags object
@description('uniqueString() of the subscription, environment and region: 13 characters.')
@minLength(13)
@maxLength(13)
param token string

resource web 'Microsoft.Web/staticSites@2024-04-01' = {
  name: 'stapp-${token}'
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: { name: 'Free', tier: 'Free' }
  properties: {
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

output name string = web.name
output uri string = 'https://${web.properties.defaultHostname}'
