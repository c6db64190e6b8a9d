using System.Globalization;
using Microsoft.AspNetCore.Http;
using Revalidation.Core.Common;

namespace Revalidation.Api.Http;

/// <summary>
/// The one reader of query-string parameters (page, pageSize, limit, dates, ids, flags, choices): each read returns the
/// value or the default, and a malformed value becomes a violation naming the parameter, so an endpoint answers every
/// mistake of a request at once (400, ProblemDetails naming each field) and changes nothing.
/// </summary>
public sealed class QueryParameters
{
    private readonly IQueryCollection query;
    private readonly List<RuleViolation> errors = [];

    private QueryParameters(IQueryCollection query) => this.query = query;

    public static QueryParameters Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.Query);
    }

    public bool IsValid => errors.Count == 0;

    public IReadOnlyList<RuleViolation> Errors => errors;

    /// <summary>Text, trimmed; null when absent or empty; longer than <paramref name="maxLength"/> is a violation.</summary>
    public string? Text(string name, int maxLength = 100)
    {
        var text = Raw(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return text.Length <= maxLength ? text : Fail(name, $"{name} is at most {maxLength} characters.");
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/> (page, pageSize, limit).</summary>
    public int Number(string name, int fallback, int min, int max)
    {
        var text = Raw(name);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new(RuleIds.Validation, name, $"{name} is a whole number from {min} to {max}."));
        return fallback;
    }

    public bool? Flag(string name) =>
        Parse<bool>(name, (string t, out bool v) => bool.TryParse(t, out v), $"{name} is true or false.");

    /// <summary>A calendar date as yyyy-MM-dd.</summary>
    public DateOnly? Date(string name) =>
        Parse<DateOnly>(name, (string t, out DateOnly v) => DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out v),
            $"{name} is a date as yyyy-MM-dd.");

    /// <summary>An ISO 8601 date or date-time (UTC unless it says otherwise).</summary>
    public DateTimeOffset? Instant(string name) =>
        Parse<DateTimeOffset>(name, (string t, out DateTimeOffset v) => DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out v),
            $"{name} is an ISO 8601 date or date-time.");

    public Guid? Id(string name) =>
        Parse<Guid>(name, (string t, out Guid v) => Guid.TryParse(t, out v), $"{name} is an id (a GUID).");

    /// <summary>One of <paramref name="choices"/> (compared ignoring case, returned as the choice is spelt); null when absent.</summary>
    public string? OneOf(string name, params string[] choices)
    {
        var text = Raw(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase))
            ?? Fail(name, $"{name} is one of: {string.Join(", ", choices)}.");
    }

    private string? Raw(string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;

    private delegate bool TryParser<T>(string text, out T value);

    private T? Parse<T>(string name, TryParser<T> tryParse, string message)
        where T : struct
    {
        var text = Raw(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (tryParse(text, out var value))
        {
            return value;
        }

        errors.Add(new(RuleIds.Validation, name, message));
        return null;
    }

    private string? Fail(string name, string message)
    {
        errors.Add(new(RuleIds.Validation, name, message));
        return null;
    }
}
