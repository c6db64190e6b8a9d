using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.DirectorySync;
using Revalidation.Core.Evidence;
using Revalidation.Core.Store;
using Revalidation.Infrastructure.DirectorySync;
using Revalidation.Infrastructure.Evidence;
using Revalidation.Infrastructure.Sqlite;
using Revalidation.Infrastructure.Sqlite.DirectorySync;

namespace Revalidation.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// The embedded store: <see cref="IRevalidationStore"/> over one SQLite file ("Store:Sqlite", validated at
    /// start-up), and <see cref="SqliteStoreInitialiser"/>, which migrates the file before other hosted services start.
    /// </summary>
    public static IServiceCollection AddRevalidationSqliteStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(s => s.ServiceType == typeof(SqliteStoreInitialiser)))
        {
            return services;
        }

        services.AddLogging();
        services.AddOptions<SqliteStoreOptions>()
            .Bind(configuration.GetSection(SqliteStoreOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton<SqliteDatabase>();
        services.AddPooledDbContextFactory<RevalidationDbContext>((sp, options) => sp.GetRequiredService<SqliteDatabase>().Configure(options));
        services.TryAddSingleton<IRevalidationStore>(sp => new SqliteRevalidationStore(
            sp.GetRequiredService<IDbContextFactory<RevalidationDbContext>>(),
            sp.GetRequiredService<ILogger<SqliteRevalidationStore>>(),
            new DoctorSummaryCache(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.SummaryCacheDoctors)));
        services.AddSingleton(sp => new SqliteStoreInitialiser(
            sp.GetRequiredService<IDbContextFactory<RevalidationDbContext>>(),
            sp.GetRequiredService<ILogger<SqliteStoreInitialiser>>()));
        services.AddHostedService(sp => sp.GetRequiredService<SqliteStoreInitialiser>());
        return services;
    }

    /// <summary>The embedded evidence store: files in a local folder ("Evidence:Folder", validated at start-up).</summary>
    public static IServiceCollection AddRevalidationFolderEvidenceStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FolderEvidenceOptions>()
            .Bind(configuration.GetSection(FolderEvidenceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IEvidenceFileStore, FolderEvidenceStore>();
        return services;
    }

    /// <summary>
    /// Directory sync: the sources of "Directory:Sources" (file exports, Microsoft Graph), the sync store in the embedded
    /// SQLite file (its own migrations, applied at start-up by <see cref="DirectoryStoreInitialiser"/>), and the one
    /// <see cref="DirectorySyncService"/> that HTTP handlers and the scheduled job call. Every setting is validated at start-up.
    /// </summary>
    public static IServiceCollection AddRevalidationDirectorySync(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(s => s.ServiceType == typeof(DirectoryStoreInitialiser)))
        {
            return services;
        }

        services.AddRevalidationSqliteStore(configuration);
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(s => s.ServiceType == typeof(IConfigureOptions<RevalidationOptions>)))
        {
            // The rules' options, unless the host (the API) bound them already: binding twice would repeat list items.
            services.AddOptions<RevalidationOptions>()
                .Bind(configuration.GetSection(RevalidationOptions.Section))
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        services.AddOptions<DirectorySyncOptions>()
            .Bind(configuration.GetSection(DirectorySyncOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DirectorySourcesOptions>()
            .Bind(configuration.GetSection(DirectorySourcesOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddPooledDbContextFactory<DirectoryDbContext>((sp, options) =>
        {
            sp.GetRequiredService<SqliteDatabase>().Configure(options);
            DirectoryDbContext.Configure(options);
        });
        services.TryAddSingleton<IDirectorySyncStore>(sp => new SqliteDirectorySyncStore(sp.GetRequiredService<IDbContextFactory<DirectoryDbContext>>()));
        services.AddSingleton(sp => new DirectoryStoreInitialiser(
            sp.GetRequiredService<IDbContextFactory<DirectoryDbContext>>(),
            sp.GetRequiredService<ILogger<DirectoryStoreInitialiser>>()));
        services.AddHostedService(sp => sp.GetRequiredService<DirectoryStoreInitialiser>());
        services.TryAddSingleton(sp => new DirectorySyncService(
            CreateSources(sp.GetRequiredService<IOptions<DirectorySourcesOptions>>().Value, sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory()),
            sp.GetRequiredService<IDirectorySyncStore>(),
            sp.GetRequiredService<IRevalidationStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<RevalidationOptions>>(),
            sp.GetRequiredService<IOptions<DirectorySyncOptions>>(),
            sp.GetRequiredService<ILogger<DirectorySyncService>>()));
        return services;
    }

    private static List<IDirectorySource> CreateSources(DirectorySourcesOptions options, string contentRoot) =>
        [.. options.Sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(pair =>
        {
            var (id, source) = pair;
            var info = new DirectorySourceInfo(id, source.Kind.ToString(), DesignatedBodyCode.Parse(source.DesignatedBody),
                source.Description ?? (source.Kind == DirectorySourceKind.File ? $"File {source.File!.Path}" : "Microsoft Entra ID (Microsoft Graph)"));
            return source.Kind == DirectorySourceKind.Graph
                ? (IDirectorySource)new GraphDirectorySource(info, source.Graph!, source.Graph!.CreateClient())
                : new FileDirectorySource(info, source.File!, contentRoot);
        })];
}
