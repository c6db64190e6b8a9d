using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Evidence;
using Revalidation.Core.Store;
using Revalidation.Infrastructure.Evidence;
using Revalidation.Infrastructure.Sqlite;

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
}
