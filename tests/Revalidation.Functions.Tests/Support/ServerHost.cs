using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Revalidation.Functions.Tests.Support;

/// <summary>The real local Server (its own Program) on its own temporary data, seeding the demo body itself at start-up.</summary>
public sealed class ServerHost : WebApplicationFactory<Program>
{
    private readonly TempData data = new("server");

    public IServiceProvider AppServices => Services;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(TestSettings.Environment);
        foreach (var (key, value) in TestSettings.For(data))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Demo:Seed", "true");
    }

    public async Task<HostResponse> SendAsync(HttpMethod method, string pathAndQuery, string? token = null, string? json = null)
    {
        using var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return new HostResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        data.Dispose();
    }
}
