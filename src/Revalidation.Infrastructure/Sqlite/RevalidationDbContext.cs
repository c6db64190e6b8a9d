using Microsoft.EntityFrameworkCore;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>The embedded store's schema. Table and column names are snake_case; migrations live in <c>Sqlite/Migrations</c>.</summary>
internal sealed class RevalidationDbContext(DbContextOptions<RevalidationDbContext> options) : DbContext(options)
{
    public DbSet<DesignatedBodyRow> DesignatedBodies => Set<DesignatedBodyRow>();

    public DbSet<DoctorRow> Doctors => Set<DoctorRow>();

    public DbSet<AuditEventRow> AuditEvents => Set<AuditEventRow>();

    public DbSet<AlertRow> Alerts => Set<AlertRow>();

    public DbSet<LeaseRow> Leases => Set<LeaseRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DesignatedBodyRow>(e =>
        {
            e.ToTable("designated_bodies");
            e.HasKey(x => x.Code).HasName("pk_designated_bodies");
            e.Property(x => x.Code).HasColumnName("code");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Document).HasColumnName("document");
        });

        modelBuilder.Entity<DoctorRow>(e =>
        {
            e.ToTable("doctors");
            e.HasKey(x => new { x.DesignatedBody, x.Id }).HasName("pk_doctors");
            e.Property(x => x.DesignatedBody).HasColumnName("designated_body");
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.GmcNumber).HasColumnName("gmc_number");
            e.Property(x => x.Status).HasColumnName("status").HasConversion<string>();
            e.Property(x => x.FamilyName).HasColumnName("family_name");
            e.Property(x => x.DirectoryId).HasColumnName("directory_id");
            e.Property(x => x.Department).HasColumnName("department");
            e.Property(x => x.Rsd).HasColumnName("rsd");
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Document).HasColumnName("document");
            e.Property(x => x.Summary).HasColumnName("summary");
            e.Property(x => x.ChangeSeq).HasColumnName("change_seq");

            // R12: a GMC number is unique across the system, not only within a designated body.
            e.HasIndex(x => x.GmcNumber).IsUnique().HasDatabaseName("ux_doctors_gmc_number");
            e.HasIndex(x => x.DesignatedBody).HasDatabaseName("ix_doctors_designated_body");
            e.HasIndex(x => new { x.DesignatedBody, x.DirectoryId }).HasDatabaseName("ix_doctors_designated_body_directory_id");
            e.HasIndex(x => new { x.DesignatedBody, x.ChangeSeq }).HasDatabaseName("ix_doctors_designated_body_change_seq");
        });

        modelBuilder.Entity<AuditEventRow>(e =>
        {
            e.ToTable("audit_events");
            e.HasKey(x => x.Seq).HasName("pk_audit_events");
            e.Property(x => x.Seq).HasColumnName("seq").ValueGeneratedOnAdd();
            e.Property(x => x.Id).HasColumnName("id").IsRequired();
            e.Property(x => x.DesignatedBody).HasColumnName("designated_body");
            e.Property(x => x.DoctorId).HasColumnName("doctor_id");
            e.Property(x => x.ActorId).HasColumnName("actor_id");
            e.Property(x => x.ActorRole).HasColumnName("actor_role");
            e.Property(x => x.Action).HasColumnName("action");
            e.Property(x => x.Summary).HasColumnName("summary");
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at");
            e.Property(x => x.Change).HasColumnName("change");

            e.HasIndex(x => new { x.DesignatedBody, x.OccurredAt }).HasDatabaseName("ix_audit_events_designated_body_occurred_at");
            e.HasIndex(x => new { x.DesignatedBody, x.DoctorId }).HasDatabaseName("ix_audit_events_designated_body_doctor_id");
            e.HasIndex(x => new { x.DesignatedBody, x.ActorId }).HasDatabaseName("ix_audit_events_designated_body_actor_id");
        });

        modelBuilder.Entity<AlertRow>(e =>
        {
            e.ToTable("alerts");
            e.HasKey(x => x.Key).HasName("pk_alerts");
            e.Property(x => x.Key).HasColumnName("key");
            e.Property(x => x.DesignatedBody).HasColumnName("designated_body");
            e.Property(x => x.DoctorId).HasColumnName("doctor_id");
            e.Property(x => x.Recipient).HasColumnName("recipient").HasConversion<string>();
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.DueOn).HasColumnName("due_on");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.State).HasColumnName("state").HasConversion<string>();
            e.Property(x => x.Detail).HasColumnName("detail");
            e.Property(x => x.RefersTo).HasColumnName("refers_to");
            e.Property(x => x.Attempts).HasColumnName("attempts").HasDefaultValue(0);
            e.Property(x => x.NextAttemptAt).HasColumnName("next_attempt_at");
            e.Property(x => x.ClaimedUntil).HasColumnName("claimed_until");
            e.Property(x => x.SentAt).HasColumnName("sent_at");
            e.Property(x => x.LastError).HasColumnName("last_error");
            e.Property(x => x.DeadLetteredAt).HasColumnName("dead_lettered_at");
            e.Property(x => x.Version).HasColumnName("version").HasDefaultValue(1L);

            e.HasIndex(x => x.DesignatedBody).HasDatabaseName("ix_alerts_designated_body");

            // The outbox query: a body's messages in a state, by when they are next due.
            e.HasIndex(x => new { x.DesignatedBody, x.State, x.NextAttemptAt }).HasDatabaseName("ix_alerts_designated_body_state_next_attempt_at");
        });

        modelBuilder.Entity<LeaseRow>(e =>
        {
            e.ToTable("leases");
            e.HasKey(x => x.Name).HasName("pk_leases");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.Holder).HasColumnName("holder");
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
        });
    }
}
