using System.Text.Json;
using System.Text.Json.Nodes;

namespace Revalidation.Functions.Tests.Support;

/// <summary>
/// Makes two hosts' JSON comparable: drops <c>traceId</c> (per request), and replaces ids generated when each host
/// seeded its own store — a doctor's id becomes that doctor's GMC number, any other generated id a placeholder.
/// Everything else must be equal as parsed JSON.
/// </summary>
public static class JsonNormaliser
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonNode? Normalise(JsonNode? node, IReadOnlyDictionary<Guid, string> doctorIds) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Where(p => !string.Equals(p.Key, "traceId", StringComparison.Ordinal))
            .Select(p => KeyValuePair.Create(p.Key, Normalise(p.Value, doctorIds)))),
        JsonArray array => new JsonArray([.. array.Select(n => Normalise(n, doctorIds))]),
        JsonValue value when value.TryGetValue<string>(out var text) && Guid.TryParseExact(text, "D", out var id) =>
            JsonValue.Create(doctorIds.TryGetValue(id, out var gmc) ? $"doctor:{gmc}" : "<generated id>"),
        null => null,
        _ => node.DeepClone(),
    };

    public static string Show(JsonNode? node) => node?.ToJsonString(Indented) ?? "(no body)";
}
