using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Revalidation.Infra.Tests;

/// <summary>main.bicep compiled once to ARM JSON, with every resource of every nested module flattened.</summary>
public sealed partial class CompiledTemplate : IAsyncLifetime
{
    private readonly Dictionary<JsonObject, JsonObject> variablesOf = new(ReferenceEqualityComparer.Instance);

    public string Json { get; private set; } = string.Empty;

    public string Diagnostics { get; private set; } = string.Empty;

    public int ExitCode { get; private set; }

    public IReadOnlyList<JsonObject> Resources { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var (exit, stdout, stderr) = await BicepCli.RunAsync("build", BicepCli.MainTemplate, "--stdout");
        ExitCode = exit;
        Json = stdout;
        Diagnostics = stderr;
        if (exit == 0)
        {
            var resources = new List<JsonObject>();
            Collect(JsonNode.Parse(stdout)!.AsObject(), resources, variablesOf);
            Resources = resources;
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject One(string type)
    {
        var found = OfType(type).ToList();
        Assert.True(found.Count == 1, $"Expected one {type}, found {found.Count}.");
        return found[0];
    }

    /// <summary>Whether the JSON names a setting, as a literal or inside an ARM expression.</summary>
    public bool MentionsName(string name) =>
        Json.Contains($"\"{name}\"", StringComparison.Ordinal) || Json.Contains($"'{name}'", StringComparison.Ordinal);

    /// <summary>A string property of a resource with its template's <c>variables('…')</c> of string value written in.</summary>
    public string Text(JsonObject resource, JsonNode? node)
    {
        var text = node?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)node! : node?.ToJsonString() ?? string.Empty;
        if (!variablesOf.TryGetValue(resource, out var variables))
        {
            return text;
        }

        var resolved = VariableReference().Replace(text, m =>
            variables[m.Groups[1].Value] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)v! : m.Value);

        // "[x]" with x now a plain value (no function call left) is that value.
        return resolved.StartsWith('[') && resolved.EndsWith(']') && !resolved.Contains('(', StringComparison.Ordinal) ? resolved[1..^1] : resolved;
    }

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();

    private static void Collect(JsonObject template, List<JsonObject> into, Dictionary<JsonObject, JsonObject> variablesOf)
    {
        var variables = template["variables"] as JsonObject ?? [];
        var resources = template["resources"];
        IEnumerable<JsonNode?> items = resources switch
        {
            JsonArray array => array,
            JsonObject symbolic => symbolic.Select(p => p.Value), // languageVersion 2.0 templates name their resources
            _ => [],
        };
        foreach (var resource in items.OfType<JsonObject>())
        {
            into.Add(resource);
            variablesOf[resource] = variables;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                Collect(nested, into, variablesOf);
            }
        }
    }
}
