using System.Diagnostics.CodeAnalysis;

namespace Revalidation.Core.Common;

/// <summary>
/// One email address, checked where it is entered (docs/domain.md#alerts: alerts go to the RO, the medical director, the
/// admin and doctors). An address is exactly one mailbox, <c>local@domain</c>: no display name, no second address after
/// a comma or semicolon, no line breaks or other control characters (a CR LF would let a value add a header such as
/// Bcc to every alert), no spaces, quotes or brackets. Deliberately stricter than RFC 5322: the product never needs
/// quoted local parts, comments or address literals.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    private const int MaxLocalLength = 64;

    /// <summary>Characters a legal but tricky address could use; none of them belongs in a mailbox we send alerts to.</summary>
    private const string Forbidden = ",;<>\"()[]\\:";

    /// <summary>The address trimmed, when <paramref name="text"/> is exactly one plain mailbox.</summary>
    public static bool TryNormalise(string? text, [NotNullWhen(true)] out string? address)
    {
        address = null;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u2028' or '\u2029' || Forbidden.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at > MaxLocalLength || at != value.LastIndexOf('@') || at == value.Length - 1)
        {
            return false;
        }

        var local = value[..at];
        var domain = value[(at + 1)..];
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal) || !IsDomain(domain))
        {
            return false;
        }

        // The framework's parser must read it as the same single mailbox, with no display name.
        if (!System.Net.Mail.MailAddress.TryCreate(value, out var parsed) || parsed.Address != value || parsed.DisplayName.Length != 0)
        {
            return false;
        }

        address = value;
        return true;
    }

    /// <summary>
    /// An optional address field: blank is no address (null); anything else must be one mailbox, or the failure names
    /// <paramref name="field"/> and nothing should change.
    /// </summary>
    public static Result<string?> Optional(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? Result<string?>.Ok(null)
        : TryNormalise(text, out var address) ? Result<string?>.Ok(address)
        : Result<string?>.Fail(RuleIds.Validation, field, "Enter one email address, like name@example.nhs.uk, with no spaces, commas or line breaks.");

    private static bool IsDomain(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2 && labels.All(label =>
            label.Length is > 0 and <= 63 && !label.StartsWith('-') && !label.EndsWith('-') && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
