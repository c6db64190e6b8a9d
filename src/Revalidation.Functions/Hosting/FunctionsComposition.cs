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
    public const string StoreProviderSetting = "Store:Provider";
    public const string EvidenceProviderSetting = "Evidence:Provider";

    /// <summary>The store adapters this build has. The Azure adapters (Cosmos DB, Blob Storage) are added here when they exist.</summary>
    public static readonly IReadOnlyList<string> StoreProviders = ["Sqlite"];

    public static readonly IReadOnlyList<string> EvidenceProviders = ["Folder"];

    public static IHostApplicationBuilder AddRevalidationFunctions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddRevalidationApi(configuration, builder.Environment);
        switch (Provider(configuration, StoreProviderSetting, StoreProviders))
        {
            case "Sqlite":
                services.AddRevalidationSqliteStore(configuration);
                services.AddRevalidationDirectorySync(configuration); // its sync store lives in the same SQLite file
                break;
        }

        switch (Provider(configuration, EvidenceProviderSetting, EvidenceProviders))
        {
            case "Folder":
                services.AddRevalidationFolderEvidenceStore(configuration);
                break;
        }

        // The pipeline's routing and exception handler. A web host registers the diagnostic listener itself
        // (the Functions worker does, through its ASP.NET Core integration); TryAdd keeps that one.
        services.AddRouting();
        services.TryAddSingleton(_ => new DiagnosticListener("Microsoft.AspNetCore"));
        services.TryAddSingleton<DiagnosticSource>(sp => sp.GetRequiredService<DiagnosticListener>());
        services.AddSingleton<ApiPipeline>();
        return builder;
    }

    /// <summary>The configured provider, spelt as in <paramref name="supported"/>; a missing or unknown value stops start-up, naming the setting.</summary>
    private static string Provider(IConfiguration configuration, string setting, IReadOnlyList<string> supported)
    {
        var value = configuration[setting]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException($"{setting} is not set. Set {setting} to one of: {string.Join(", ", supported)}.");
        }

        return supported.FirstOrDefault(s => string.Equals(s, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{setting} is '{value}', which this build does not support. Set {setting} to one of: {string.Join(", ", supported)}.");
    }
}
