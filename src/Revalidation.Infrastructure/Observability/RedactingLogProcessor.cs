using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Revalidation.Infrastructure.Observability;

/// <summary>
/// Runs before any log exporter: every text attribute and the formatted message are redacted
/// (<see cref="PersonalDataRedaction"/>): alert keys, for example, carry doctor ids. An exception is exported as a
/// <see cref="RedactedException"/>: its type, its message redacted, and its stack trace (which holds code, not data).
/// </summary>
public sealed class RedactingLogProcessor : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Attributes is { Count: > 0 } attributes)
        {
            data.Attributes = [.. attributes.Select(a => new KeyValuePair<string, object?>(a.Key, a.Key == "{OriginalFormat}" ? a.Value : PersonalDataRedaction.RedactValue(a.Value)))];
        }

        data.FormattedMessage = PersonalDataRedaction.Redact(data.FormattedMessage);
        if (data.Exception is { } exception and not RedactedException)
        {
            data.Exception = new RedactedException(exception);
        }
    }
}

/// <summary>An exception as telemetry may carry it: the original's type and stack trace, its messages redacted.</summary>
public sealed class RedactedException : Exception
{
    private readonly string text;
    private readonly string? stackTrace;

    public RedactedException()
    {
        text = string.Empty;
    }

    public RedactedException(string message)
        : base(PersonalDataRedaction.Redact(message))
    {
        text = Message;
    }

    public RedactedException(string message, Exception innerException)
        : base(PersonalDataRedaction.Redact(message), innerException)
    {
        text = Message;
    }

    public RedactedException(Exception original)
        : base($"{original?.GetType().FullName}: {PersonalDataRedaction.Redact(original?.Message)}")
    {
        ArgumentNullException.ThrowIfNull(original);
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        stackTrace = original.StackTrace;
        text = PersonalDataRedaction.Redact(original.ToString()) ?? string.Empty;
    }

    /// <summary>The type of the exception that was thrown.</summary>
    public string? OriginalType { get; }

    public override string? StackTrace => stackTrace;

    public override string ToString() => text;
}
