using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Audit;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;
using static Revalidation.Infrastructure.Sqlite.SqliteStoreMapping;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// The embedded adapter of <see cref="IDesignatedBodyStore"/>: each body one row of the SQLite file, its
/// <see cref="StoreJson"/> document and a version number (the ETag). A save runs in one <c>BEGIN IMMEDIATE</c>
/// transaction with its audit rows, so the version check cannot race with another connection or process.
/// </summary>
internal sealed class SqliteDesignatedBodyStore(
    IDbContextFactory<RevalidationDbContext> contexts,
    ILogger<SqliteDesignatedBodyStore> logger,
    DocumentSchemas schemas) : IDesignatedBodyStore
{
    public async Task<IReadOnlyList<DesignatedBodyCode>> ListDesignatedBodiesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var codes = await db.DesignatedBodies.OrderBy(b => b.Code).Select(b => b.Code).ToListAsync(cancellationToken);
        return codes.ConvertAll(DesignatedBodyCode.Parse);
    }

    public async Task<DesignatedBody?> GetDesignatedBodyAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default)
    {
        var code = body.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.DesignatedBodies
            .Where(b => b.Code == code)
            .Select(b => new { b.Document, b.Version })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var result = schemas.DesignatedBody.Read<DesignatedBody>(row.Document);
        result.MarkPersisted(ETagOf(row.Version));
        return result;
    }

    public async Task<SaveOutcome> SaveDesignatedBodyAsync(DesignatedBody body, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        AuditEvent.EnsureAllBelongTo(body.Code, audit);
        var code = body.Code.Value;
        var document = schemas.DesignatedBody.Write(body);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        long version;
        if (body.ETag is null)
        {
            if (await db.DesignatedBodies.AnyAsync(b => b.Code == code, cancellationToken))
            {
                return Conflict(logger, "designated body", code);
            }

            version = 1;
            db.DesignatedBodies.Add(new DesignatedBodyRow { Code = code, Name = body.Name, Version = version, Document = document });
        }
        else
        {
            if (!TryParseETag(body.ETag, out var expected))
            {
                return Conflict(logger, "designated body", code);
            }

            version = expected + 1;
            var name = body.Name;
            var updated = await db.DesignatedBodies
                .Where(b => b.Code == code && b.Version == expected)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(b => b.Name, name).SetProperty(b => b.Document, document).SetProperty(b => b.Version, version),
                    cancellationToken);
            if (updated == 0)
            {
                return Conflict(logger, "designated body", code);
            }
        }

        db.AuditEvents.AddRange(audit.Select(ToAuditRow));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var etag = ETagOf(version);
        body.MarkPersisted(etag);
        return new SaveOutcome(SaveStatus.Saved, etag);
    }
}
