using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Revalidation.Api;
using Revalidation.Functions.Api;
using Revalidation.Infrastructure;

namespace Revalidation.Functions.Hosting;

/// <summary>
/// What the Functions host runs, composed once: the shared API's services, the store and evidence adapters
/// chosen by configuration, and the ASP.NET Core pipeline that the catch-all function invokes. The Functions
/// Program calls it on its <c>FunctionsApplicationBuilder</c>; the tests call it on a plain host builder.
/// </summary>
public static class FunctionsComposition
{
    public const string StoreProviderSetting = StorageServiceCollectionExtensions.StoreProviderSetting;
    public const string EvidenceProviderSetting = StorageServiceCollectionExtensions.EvidenceProviderSetting;

    /// <summary>The store adapters this build has.</summary>
    public static readonly IReadOnlyList<string> StoreProviders = Enum.GetNames<StoreProvider>();

    public static readonly IReadOnlyList<string> EvidenceProviders = Enum.GetNames<EvidenceProvider>();

    public static IHostApplicationBuilder AddRevalidationFunctions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddRevalidationApi(configuration, builder.Environment);

        // No defaults here: an Azure host names its providers, or start-up stops naming the missing setting.
        services.AddRevalidationStorage(configuration);

        // Directory sync, its store beside the chosen store (the SQLite file, or the Cosmos container).
        services.AddRevalidationDirectorySync(configuration);

        // The pipeline's routing and exception handler. A web host registers the diagnostic listener itself
        // (the Functions worker does, through its ASP.NET Core integration); TryAdd keeps that one.
        services.AddRouting();
        services.TryAddSingleton(_ => new DiagnosticListener("Microsoft.AspNetCore"));
        services.TryAddSingleton<DiagnosticSource>(sp => sp.GetRequiredService<DiagnosticListener>());
        services.AddSingleton<ApiPipeline>();
        return builder;
    }
}
