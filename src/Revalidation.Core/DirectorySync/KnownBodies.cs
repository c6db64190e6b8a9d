using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;

namespace Revalidation.Core.DirectorySync;

/// <summary>
/// A directory entry's designated body, if the product has it: the text parsed, and each code looked up once per round
/// (a round meets the same few bodies thousands of times). Shared by the sync engine and its preview.
/// </summary>
internal sealed class KnownBodies(IDesignatedBodyStore store)
{
    private readonly Dictionary<string, bool> exists = new(StringComparer.Ordinal);

    public async Task<DesignatedBodyCode?> ResolveAsync(string? text, CancellationToken cancellationToken)
    {
        var code = DesignatedBodyCode.Create(text);
        if (!code.IsSuccess)
        {
            return null;
        }

        if (!exists.TryGetValue(code.Value.Value, out var known))
        {
            known = await store.GetDesignatedBodyAsync(code.Value, cancellationToken) is not null;
            exists[code.Value.Value] = known;
        }

        return known ? code.Value : null;
    }
}
