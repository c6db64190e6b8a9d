using System.Text.Json;
using Microsoft.AspNetCore.Components.WebAssembly.Authentication;
using Microsoft.JSInterop;
using Revalidation.Api.Contracts;

namespace Revalidation.Web.Services;

public enum SignInMode
{
    /// <summary>Local: pick a persona; the Server's demo token endpoint signs a JWT (Development only).</summary>
    Demo,
    /// <summary>Production: Entra ID through the generic OIDC support; the API gets the access token.</summary>
    Oidc,
}

/// <summary>
/// Who is signed in: the API's own answer to GET /api/me (roles, designated body, doctor id). The API stays the authority;
/// the UI only uses the roles to choose which pages and actions to offer.
/// </summary>
public sealed class AppSession(IJSRuntime js, IServiceProvider services, SignInMode mode) : ITokenSource
{
    private const string StorageKey = "revalidation.demo";
    private string? demoToken;
    private bool initialised;

    public SignInMode Mode => mode;

    public MeResponse? Me { get; private set; }

    public DemoPersonaResponse? Persona { get; private set; }

    public bool SignedIn => Me is not null;

    public event Action? Changed;

    public bool IsIn(string role) => Me?.Roles.Contains(role) == true;

    public async ValueTask<string?> GetTokenAsync()
    {
        if (mode == SignInMode.Demo)
        {
            return demoToken;
        }

        var provider = services.GetRequiredService<IAccessTokenProvider>();
        var result = await provider.RequestAccessToken();
        return result.TryGetToken(out var token) ? token.Value : null;
    }

    /// <summary>Restores the session of this browser tab (the demo token lives in sessionStorage; OIDC keeps its own).</summary>
    public async Task InitialiseAsync(ApiClient api)
    {
        if (initialised)
        {
            return;
        }

        initialised = true;
        if (mode == SignInMode.Demo)
        {
            var stored = await js.InvokeAsync<string?>("revalidation.sessionGet", StorageKey);
            if (stored is null)
            {
                return;
            }

            var saved = JsonSerializer.Deserialize<DemoTokenResponse>(stored, ApiClient.Json);
            demoToken = saved?.AccessToken;
            Persona = saved?.Persona;
        }

        await LoadMeAsync(api);
    }

    public async Task<ApiProblem?> SignInAsPersonaAsync(ApiClient api, string persona)
    {
        var result = await api.PostAsync<DemoTokenResponse>("api/demo/token", new DemoTokenRequest(persona));
        if (!result.Ok)
        {
            return result.Problem;
        }

        demoToken = result.Value!.AccessToken;
        Persona = result.Value.Persona;
        await js.InvokeVoidAsync("revalidation.sessionSet", StorageKey, JsonSerializer.Serialize(result.Value, ApiClient.Json));
        return await LoadMeAsync(api);
    }

    public async Task SignOutAsync()
    {
        demoToken = null;
        Persona = null;
        Me = null;
        await js.InvokeVoidAsync("revalidation.sessionSet", StorageKey, null);
        Changed?.Invoke();
    }

    /// <summary>For component tests: a signed-in user without a sign-in round trip.</summary>
    internal void SignedInForTests(MeResponse me)
    {
        initialised = true;
        Me = me;
    }

    private async Task<ApiProblem?> LoadMeAsync(ApiClient api)
    {
        var me = await api.GetAsync<MeResponse>("api/me");
        Me = me.Value;
        Changed?.Invoke();
        return me.Problem;
    }
}
