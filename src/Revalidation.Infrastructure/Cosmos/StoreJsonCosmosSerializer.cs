using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Revalidation.Core.Store;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// The Cosmos SDK's serializer replaced by System.Text.Json with <see cref="StoreJson.Options"/>: items are the same
/// JSON shape as the SQLite documents, and LINQ member names follow the same naming policy.
/// </summary>
internal sealed class StoreJsonCosmosSerializer(JsonSerializerOptions options) : CosmosLinqSerializer
{
    public StoreJsonCosmosSerializer()
        : this(StoreJson.Options)
    {
    }

    public override T FromStream<T>(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (typeof(Stream).IsAssignableFrom(typeof(T)))
        {
            return (T)(object)stream;
        }

        using (stream)
        {
            if (stream.CanSeek && stream.Length == 0)
            {
                return default!;
            }

            return JsonSerializer.Deserialize<T>(stream, options)!;
        }
    }

    public override Stream ToStream<T>(T input)
    {
        var stream = new MemoryStream();
        JsonSerializer.Serialize(stream, input, input?.GetType() ?? typeof(T), options);
        stream.Position = 0;
        return stream;
    }

    public override string SerializeMemberName(MemberInfo memberInfo)
    {
        ArgumentNullException.ThrowIfNull(memberInfo);
        var attribute = memberInfo.GetCustomAttribute<JsonPropertyNameAttribute>(inherit: true);
        return attribute?.Name ?? options.PropertyNamingPolicy?.ConvertName(memberInfo.Name) ?? memberInfo.Name;
    }
}
