using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Revalidation.Infrastructure.Sqlite.DirectorySync;

/// <summary>
/// The directory sync store's schema, in the same SQLite file as the main store but with its own migrations
/// (<c>Sqlite/DirectorySync/Migrations</c>) and its own history table (<see cref="HistoryTable"/>), so that it evolves
/// independently of <see cref="RevalidationDbContext"/>. Table and column names are snake_case.
/// </summary>
internal sealed class DirectoryDbContext(DbContextOptions<DirectoryDbContext> options) : DbContext(options)
{
    public const string HistoryTable = "__EFMigrationsHistory_directory";

    public DbSet<DirectoryCursorRow> Cursors => Set<DirectoryCursorRow>();

    public DbSet<DirectoryLinkRow> Links => Set<DirectoryLinkRow>();

    public DbSet<SyncRunRow> Runs => Set<SyncRunRow>();

    public DbSet<DataQualityIssueRow> Issues => Set<DataQualityIssueRow>();

    /// <summary>Adds this context's SQLite settings (its history table) to options already pointed at the file.</summary>
    public static void Configure(DbContextOptionsBuilder options) =>
        options.UseSqlite(o => o.MigrationsHistoryTable(HistoryTable));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DirectoryCursorRow>(e =>
        {
            e.ToTable("directory_cursors");
            e.HasKey(x => x.SourceId).HasName("pk_directory_cursors");
            e.Property(x => x.SourceId).HasColumnName("source_id");
            e.Property(x => x.Cursor).HasColumnName("cursor");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        });

        modelBuilder.Entity<DirectoryLinkRow>(e =>
        {
            e.ToTable("directory_links");
            e.HasKey(x => new { x.SourceId, x.ExternalId }).HasName("pk_directory_links");
            e.Property(x => x.SourceId).HasColumnName("source_id");
            e.Property(x => x.ExternalId).HasColumnName("external_id");
            e.Property(x => x.DesignatedBody).HasColumnName("designated_body");
            e.Property(x => x.DoctorId).HasColumnName("doctor_id");
            e.Property(x => x.GmcNumber).HasColumnName("gmc_number");
            e.Property(x => x.Active).HasColumnName("active");
            e.Property(x => x.Fingerprint).HasColumnName("fingerprint");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.HasIndex(x => new { x.SourceId, x.Active }).HasDatabaseName("ix_directory_links_source_id_active");
        });

        modelBuilder.Entity<SyncRunRow>(e =>
        {
            e.ToTable("directory_sync_runs");
            e.HasKey(x => x.Id).HasName("pk_directory_sync_runs");
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.SourceId).HasColumnName("source_id");
            e.Property(x => x.DesignatedBody).HasColumnName("designated_body");
            e.Property(x => x.Mode).HasColumnName("mode");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.FullResync).HasColumnName("full_resync");
            e.Property(x => x.TriggeredBy).HasColumnName("triggered_by");
            e.Property(x => x.StartedAt).HasColumnName("started_at");
            e.Property(x => x.EndedAt).HasColumnName("ended_at");
            e.Property(x => x.Seen).HasColumnName("seen");
            e.Property(x => x.Created).HasColumnName("created");
            e.Property(x => x.Updated).HasColumnName("updated");
            e.Property(x => x.Left).HasColumnName("left");
            e.Property(x => x.Reactivated).HasColumnName("reactivated");
            e.Property(x => x.PendingLeavers).HasColumnName("pending_leavers");
            e.Property(x => x.Rejected).HasColumnName("rejected");
            e.Property(x => x.Unchanged).HasColumnName("unchanged");
            e.Property(x => x.Skipped).HasColumnName("skipped");
            e.Property(x => x.Error).HasColumnName("error");
            e.HasIndex(x => new { x.DesignatedBody, x.StartedAt }).HasDatabaseName("ix_directory_sync_runs_designated_body_started_at");
        });

        modelBuilder.Entity<DataQualityIssueRow>(e =>
        {
            e.ToTable("directory_issues");
            e.HasKey(x => x.Id).HasName("pk_directory_issues");
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Key).HasColumnName("key");
            e.Property(x => x.SourceId).HasColumnName("source_id");
            e.Property(x => x.DesignatedBody).HasColumnName("designated_body");
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.ExternalId).HasColumnName("external_id");
            e.Property(x => x.DoctorId).HasColumnName("doctor_id");
            e.Property(x => x.Detail).HasColumnName("detail");
            e.Property(x => x.Origin).HasColumnName("origin");
            e.Property(x => x.FirstSeenAt).HasColumnName("first_seen_at");
            e.Property(x => x.LastSeenAt).HasColumnName("last_seen_at");
            e.Property(x => x.Occurrences).HasColumnName("occurrences");
            e.Property(x => x.LastRunId).HasColumnName("last_run_id");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.ResolvedAt).HasColumnName("resolved_at");
            e.Property(x => x.ResolvedBy).HasColumnName("resolved_by");
            e.Property(x => x.ResolutionNote).HasColumnName("resolution_note");
            e.Property(x => x.OwnerId).HasColumnName("owner_id");
            e.Property(x => x.OwnerName).HasColumnName("owner_name");
            e.Property(x => x.HiddenUntil).HasColumnName("hidden_until");
            e.Property(x => x.Work).HasColumnName("work");

            // At most one open issue per key; resolved ones are history.
            e.HasIndex(x => x.Key).IsUnique().HasFilter("status = 'Open'").HasDatabaseName("ux_directory_issues_open_key");
            e.HasIndex(x => new { x.DesignatedBody, x.Status, x.LastSeenAt }).HasDatabaseName("ix_directory_issues_designated_body_status_last_seen_at");
            e.HasIndex(x => new { x.SourceId, x.ExternalId, x.Status }).HasDatabaseName("ix_directory_issues_source_id_external_id_status");
            e.HasIndex(x => new { x.DoctorId, x.Status }).HasDatabaseName("ix_directory_issues_doctor_id_status");
        });
    }
}

/// <summary>
/// Lets the EF tool build the context without a host:
/// <c>dotnet tool restore</c>, then
/// <c>dotnet ef migrations add NAME --context DirectoryDbContext --project src/Revalidation.Infrastructure --startup-project src/Revalidation.Infrastructure --output-dir Sqlite/DirectorySync/Migrations</c>.
/// </summary>
internal sealed class DirectoryDesignTimeDbContextFactory : IDesignTimeDbContextFactory<DirectoryDbContext>
{
    public DirectoryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<DirectoryDbContext>().UseSqlite(SqliteStoreOptions.DefaultConnectionString);
        DirectoryDbContext.Configure(options);
        return new(options.Options);
    }
}
