using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Revalidation.Core.Audit;
using Revalidation.Core.Store;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// What the SQLite adapters of the store ports share: the ETag (the row's version number), keys, documents
/// (<see cref="StoreJson"/>), the audit row written with every change, and the log of a refused save.
/// </summary>
internal static partial class SqliteStoreMapping
{
    public static string KeyOf(Guid id) => id.ToString("D");

    public static string ETagOf(long version) => version.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseETag(string etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;

    public static T Deserialize<T>(string json)
        where T : class =>
        JsonSerializer.Deserialize<T>(json, StoreJson.Options)
        ?? throw new InvalidDataException($"A stored {typeof(T).Name} document is empty.");

    public static AuditEventRow ToAuditRow(AuditEvent e) => new()
    {
        Id = KeyOf(e.Id),
        DesignatedBody = e.DesignatedBody.Value,
        DoctorId = e.DoctorId is { } d ? KeyOf(d) : null,
        ActorId = e.ActorId,
        ActorRole = e.ActorRole,
        Action = e.Action,
        Summary = e.Summary,
        OccurredAt = e.OccurredAt.ToUnixTimeMilliseconds(),
        Change = e.Change,
    };

    /// <summary>A save refused because the item changed since it was read, or already exists: logged, nothing written.</summary>
    public static SaveOutcome Conflict(ILogger logger, string kind, string key)
    {
        LogConflict(logger, kind, key);
        return new SaveOutcome(SaveStatus.Conflict);
    }

    // Ids and designated-body codes only: never names, GMC numbers or emails.
    [LoggerMessage(Level = LogLevel.Debug, Message = "SQLite store: {Kind} {Key} not saved: it changed since it was read, or already exists")]
    private static partial void LogConflict(ILogger logger, string kind, string key);
}
