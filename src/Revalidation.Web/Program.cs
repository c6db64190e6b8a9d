using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Authentication;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.JSInterop;
using Revalidation.Web;
using Revalidation.Web.Services;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// Same origin when the local Server hosts the UI; the Functions API's URL when it is published as a Static Web App.
var apiBase = builder.Configuration["ApiBaseUrl"];
var baseAddress = new Uri(string.IsNullOrWhiteSpace(apiBase) ? builder.HostEnvironment.BaseAddress : apiBase.TrimEnd('/') + "/");
var mode = Enum.TryParse<SignInMode>(builder.Configuration["Auth:Mode"], ignoreCase: true, out var m) ? m : SignInMode.Demo;

builder.Services.AddSingleton(sp => new AppSession(sp.GetRequiredService<IJSRuntime>(), sp, mode));
builder.Services.AddSingleton<ITokenSource>(sp => sp.GetRequiredService<AppSession>());
builder.Services.AddSingleton(sp => new ApiClient(new HttpClient { BaseAddress = baseAddress }, sp.GetRequiredService<ITokenSource>()));
if (mode == SignInMode.Oidc)
{
    // Entra ID through the generic OIDC support (the MSAL wrapper is not used); the app roles arrive in the "roles" claim.
    builder.Services.AddOidcAuthentication(options =>
    {
        builder.Configuration.Bind("Auth:Oidc", options.ProviderOptions);
        options.ProviderOptions.ResponseType = "code";
        if (builder.Configuration["Auth:Oidc:ApiScope"] is { Length: > 0 } scope)
        {
            options.ProviderOptions.DefaultScopes.Add(scope);
        }

        options.UserOptions.RoleClaim = "roles";
    });
}
else
{
    builder.Services.AddAuthorizationCore();
}

await builder.Build().RunAsync();
