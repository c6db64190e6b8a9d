using System.Text.Json;
using System.Text.Json.Nodes;

namespace Revalidation.Core.Store;

/// <summary>One step that upgrades a stored document from one schema version to the next.</summary>
/// <param name="From">The version this step reads; it writes <c>From + 1</c>.</param>
/// <param name="Description">What the step changes, for the ADR and the tests.</param>
public sealed record DocumentUpgrade(int From, string Description, Action<JsonObject> Apply);

/// <summary>
/// The schema of one kind of stored document (docs/decisions/0016): its current version and the steps that upgrade an
/// older document when it is read. Every document is written at the current version (its <c>schemaVersion</c>
/// property); a document without one is version 1. Upgrading happens on read, in memory, on every adapter alike; the
/// upgraded shape is written back by the next save. A document from a newer version than this code knows is refused
/// (an older deployment must not overwrite it).
/// </summary>
public sealed class DocumentSchema
{
    public const string VersionProperty = "schemaVersion";

    private readonly DocumentUpgrade[] steps;

    public DocumentSchema(string kind, params DocumentUpgrade[] steps)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        for (var i = 0; i < steps.Length; i++)
        {
            if (steps[i].From != i + 1)
            {
                throw new ArgumentException($"The upgrade steps of {kind} documents must run from version 1 without gaps.", nameof(steps));
            }
        }

        Kind = kind;
        this.steps = steps;
    }

    public string Kind { get; }

    public int CurrentVersion => steps.Length + 1;

    public IReadOnlyList<DocumentUpgrade> Steps => steps;

    /// <summary>This schema with one more step: how a model change is made (and how the tests make one).</summary>
    public DocumentSchema Then(string description, Action<JsonObject> apply) =>
        new(Kind, [.. steps, new DocumentUpgrade(CurrentVersion, description, apply)]);

    public static int VersionOf(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document[VersionProperty] is JsonValue value && value.TryGetValue<int>(out var version) ? version : 1;
    }

    /// <summary>Brings a stored document to the current version, in place.</summary>
    public JsonObject Upgrade(JsonObject document)
    {
        var version = VersionOf(document);
        if (version > CurrentVersion)
        {
            throw new InvalidDataException($"A stored {Kind} document has schema version {version}; this version of the product reads up to {CurrentVersion}.");
        }

        for (; version < CurrentVersion; version++)
        {
            steps[version - 1].Apply(document);
        }

        document[VersionProperty] = CurrentVersion;
        return document;
    }

    /// <summary>Reads a stored document, upgrading it first when it is older than the current version.</summary>
    public T Read<T>(string json)
        where T : class
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"A stored {Kind} document is not a JSON object.");
        return Read<T>(node);
    }

    public T Read<T>(JsonObject document)
        where T : class =>
        Upgrade(document).Deserialize<T>(StoreJson.Options) ?? throw new InvalidDataException($"A stored {Kind} document is empty.");

    /// <summary>The document of <paramref name="value"/> at the current version.</summary>
    public JsonObject ToDocument<T>(T value)
    {
        var node = JsonSerializer.SerializeToNode(value, StoreJson.Options) as JsonObject
            ?? throw new ArgumentException($"A {Kind} must serialise to a JSON object.", nameof(value));
        node[VersionProperty] = CurrentVersion;
        return node;
    }

    public string Write<T>(T value) => ToDocument(value).ToJsonString(StoreJson.Options);
}
