using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Revalidation.Core.Common;
using Revalidation.Core.Store;
using Revalidation.Functions.Api;
using Revalidation.Functions.Hosting;
using Revalidation.Server.Demo;
using Microsoft.Extensions.Options;

namespace Revalidation.Functions.Tests.Support;

/// <summary>
/// The Functions app in-process: its services composed by the same <see cref="FunctionsComposition.AddRevalidationFunctions"/>
/// the Functions Program calls, started (options validated, store migrated), seeded with the demo body; requests go to
/// <see cref="ApiFunction.RunAsync"/> directly with a <see cref="DefaultHttpContext"/>, as the worker would hand it over.
/// </summary>
public sealed class FunctionsHost : IAsyncDisposable
{
    private readonly TempData data;
    private readonly IHost host;

    private FunctionsHost(TempData data, IHost host)
    {
        this.data = data;
        this.host = host;
    }

    public IServiceProvider Services => host.Services;

    /// <summary>The folder evidence store's folder.</summary>
    public string EvidenceFolder => data.EvidenceFolder;

    public static IHost Build(IDictionary<string, string?> settings, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = TestSettings.Environment,
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        configure?.Invoke(builder);
        builder.AddRevalidationFunctions();
        return builder.Build();
    }

    public static async Task<FunctionsHost> StartAsync(bool seed = true, Action<HostApplicationBuilder>? configure = null)
    {
        var data = new TempData("functions");
        var host = Build(TestSettings.For(data), configure);
        await host.StartAsync();
        if (seed)
        {
            var services = host.Services;
            await new DemoSeeder(
                services.GetRequiredService<IDesignatedBodyStore>(),
                services.GetRequiredService<Revalidation.Core.DesignatedBodies.DesignatedBodyService>(),
                services.GetRequiredService<IDoctorStore>(),
                services.GetRequiredService<Revalidation.Core.Doctors.DoctorRecordService>(),
                services.GetRequiredService<Core.DirectorySync.DirectorySyncService>(),
                services.GetRequiredService<Core.DirectorySync.IDirectorySyncStore>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<IOptions<RevalidationOptions>>().Value).SeedIfEmptyAsync();
        }

        return new FunctionsHost(data, host);
    }

    /// <summary>Invokes the catch-all function for one request, with the context as the worker's routing leaves it.</summary>
    public async Task<HostResponse> SendAsync(HttpMethod method, string pathAndQuery, string? token = null, string? json = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var uri = new Uri("http://localhost" + pathAndQuery);
        var request = context.Request;
        request.Method = method.Method;
        request.Scheme = uri.Scheme;
        request.Host = new HostString(uri.Authority);
        request.Path = PathString.FromUriComponent(uri);
        request.QueryString = QueryString.FromUriComponent(uri);
        if (token is not null)
        {
            request.Headers.Authorization = $"Bearer {token}";
        }

        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            request.ContentType = "application/json";
            request.ContentLength = bytes.Length;
            request.Body = new MemoryStream(bytes);
            context.Features.Set<IHttpRequestBodyDetectionFeature>(new RequestHasBody()); // as a server sets it
        }

        // The worker's own routing has matched the function: its endpoint and route value are set.
        context.SetEndpoint(new Endpoint(_ => throw new InvalidOperationException("The worker's endpoint must not run again."), EndpointMetadataCollection.Empty, ApiFunction.Name));
        request.RouteValues["path"] = request.Path.Value!.TrimStart('/');

        using var body = new MemoryStream();
        context.Response.Body = body;
        var function = ActivatorUtilities.CreateInstance<ApiFunction>(scope.ServiceProvider);
        await function.RunAsync(request);
        return new HostResponse(context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(body.ToArray()));
    }

    private sealed class RequestHasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        data.Dispose();
    }
}
