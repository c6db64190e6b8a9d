using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// Lets the EF tool build the context without a host, to generate migrations:
/// <c>dotnet tool restore</c>, then
/// <c>dotnet ef migrations add NAME --project src/Revalidation.Infrastructure --startup-project src/Revalidation.Infrastructure --output-dir Sqlite/Migrations</c>.
/// The connection string is never opened by that command.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<RevalidationDbContext>
{
    public RevalidationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RevalidationDbContext>().UseSqlite(SqliteStoreOptions.DefaultConnectionString).Options);
}
