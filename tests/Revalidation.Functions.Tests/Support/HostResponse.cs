using System.Text.Json.Nodes;

namespace Revalidation.Functions.Tests.Support;

/// <summary>What a host answered: status, content type and body text.</summary>
public sealed record HostResponse(int Status, string? ContentType, string Body)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public override string ToString() => $"{Status} {ContentType}\n{Body}";
}
