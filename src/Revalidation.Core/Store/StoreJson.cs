using System.Text.Json;
using System.Text.Json.Serialization;

namespace Revalidation.Core.Store;

/// <summary>
/// The one JSON shape of stored documents, shared by every store adapter (SQLite columns, Cosmos items),
/// so that a document written by one is read by the other and the contract tests mean the same thing.
/// </summary>
public static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
