using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Revalidation.Core.Common;

namespace Revalidation.Core.DirectorySync;

/// <summary>What the directory applier says of an entry: its fingerprint, and the words of its issues and audit notes.</summary>
internal static class DirectoryEntryText
{
    /// <summary>A fingerprint of everything the engine takes from an entry: equal means nothing to do.</summary>
    public static string Fingerprint(DirectoryEntry e)
    {
        var text = string.Join('\u001f', e.DirectoryId, e.GmcNumber?.Trim(), e.GivenName?.Trim(), e.FamilyName?.Trim(), e.Email?.Trim(), e.Department?.Trim(),
            e.Specialty?.Trim(), e.DesignatedBody?.Trim().ToUpperInvariant(), e.Active ? "1" : "0", e.Rsd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
    }

    public static string Quote(string? value) => value is null ? "(none)" : $"\"{(value.Length > 40 ? value[..40] + "…" : value)}\"";

    public static string Describe(Result outcome) => string.Join(" ", outcome.Violations.Select(v => v.Message));
}
