namespace Revalidation.Core.Alerts;

public sealed record MailAddressee(string Address, string Name);

/// <summary>One email, ready to send. <see cref="MessageId"/> is derived from the alert key, so a resend carries the same id.</summary>
public sealed record OutgoingMail(string MessageId, MailAddressee From, MailAddressee To, string Subject, string TextBody, string HtmlBody);

public enum MailSendStatus
{
    /// <summary>The relay accepted the message (250 after DATA), or the pickup file is written.</summary>
    Sent,
    /// <summary>This message failed for now (a 4xx reply to it): retry it later.</summary>
    TransientFailure,
    /// <summary>This message can never be delivered as it is (a 5xx reply to it): dead-letter it.</summary>
    PermanentFailure,
    /// <summary>The relay cannot be reached or is not serving (refused, timed out, dropped, 421): retry later, and stop this run.</summary>
    Unavailable,
}

/// <summary>The outcome of one send. <see cref="Error"/> says what went wrong without personal data (no addresses).</summary>
public sealed record MailSendResult(MailSendStatus Status, string? Error = null)
{
    public static MailSendResult Sent { get; } = new(MailSendStatus.Sent);
}

/// <summary>
/// The mail port: an SMTP relay (MailKit) or, embedded, a pickup folder of .eml files. Implementations
/// classify failures rather than throw for them; only cancellation by the caller throws.
/// </summary>
public interface IMailSender
{
    Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}
