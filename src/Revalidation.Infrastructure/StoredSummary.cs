using System.Text.Json;
using Revalidation.Core.Readiness;
using Revalidation.Core.Store;

namespace Revalidation.Infrastructure;

/// <summary>
/// Reads a stored <see cref="DoctorSummary"/> on the fast path (no upgrade step: a summary is derived from its record).
/// One the current code cannot read is null; the adapter then computes it again from the record (docs/decisions/0016).
/// </summary>
internal static class StoredSummary
{
    public static DoctorSummary? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<DoctorSummary>(json, StoreJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static DoctorSummary? Read(JsonElement json)
    {
        try
        {
            return json.Deserialize<DoctorSummary>(StoreJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
