using System.Text.Json;
using System.Text.Json.Nodes;
using Revalidation.Core.Alerts;
using Revalidation.Core.Store;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// An alert's kind and facts in the SQLite <c>alerts</c> row (docs/decisions/0017): the kind's name in <c>kind</c>, the
/// facts as JSON in <c>detail</c> with their <c>schemaVersion</c>. A row the first release wrote (a string kind such as
/// "ro-rsd-60d", a free-text detail, no version) is read through the alert schema's upgrade steps (docs/decisions/0016),
/// so no migration rewrites the table.
/// </summary>
internal static class SqliteAlertContent
{
    private sealed record Stored(AlertKind Kind, AlertFacts Facts);

    public static (string Kind, string Detail) Write(AlertRecord alert, DocumentSchema schema)
    {
        var facts = JsonSerializer.SerializeToNode(alert.Facts, StoreJson.Options)!.AsObject();
        facts[DocumentSchema.VersionProperty] = schema.CurrentVersion;
        return (alert.Kind.ToString(), facts.ToJsonString(StoreJson.Options));
    }

    public static (AlertKind Kind, AlertFacts Facts) Read(string key, string kind, string? detail, DocumentSchema schema)
    {
        var document = new JsonObject { ["key"] = key, ["kind"] = kind };
        if (Versioned(detail) is { } facts)
        {
            document[DocumentSchema.VersionProperty] = DocumentSchema.VersionOf(facts);
            facts.Remove(DocumentSchema.VersionProperty);
            document["facts"] = facts;
        }
        else
        {
            document["detail"] = detail;
        }

        var stored = schema.Read<Stored>(document);
        return (stored.Kind, stored.Facts ?? AlertFacts.None);
    }

    /// <summary>The facts of a row written since version 2; null for a first-release detail (text, or a digest's figures without a version).</summary>
    private static JsonObject? Versioned(string? detail)
    {
        if (detail is null || !detail.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(detail) is JsonObject o && o.ContainsKey(DocumentSchema.VersionProperty) ? o : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
