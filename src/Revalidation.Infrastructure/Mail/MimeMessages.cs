using MimeKit;
using Revalidation.Core.Alerts;

namespace Revalidation.Infrastructure.Mail;

/// <summary>An <see cref="OutgoingMail"/> as a MIME message: multipart/alternative, plain text then HTML, with its stable Message-ID.</summary>
internal static class MimeMessages
{
    /// <summary>
    /// A message that cannot be built (a malformed address: MimeKit's ParseException is a FormatException) is a
    /// permanent failure of that message alone, described without the address (docs/decisions/0010-alerts-outbox-and-worker.md).
    /// </summary>
    public static MailSendResult? TryBuild(OutgoingMail mail, DateTimeOffset date, out MimeMessage? message)
    {
        try
        {
            message = Build(mail, date);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            message = null;
            return new MailSendResult(MailSendStatus.PermanentFailure, $"the message could not be built ({e.GetType().Name})");
        }
    }

    public static MimeMessage Build(OutgoingMail mail, DateTimeOffset date)
    {
        var message = new MimeMessage
        {
            MessageId = mail.MessageId,
            Subject = mail.Subject,
            Date = date,
            Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(mail.From.Name, mail.From.Address));
        message.To.Add(new MailboxAddress(mail.To.Name, mail.To.Address));

        // Alerts are automatic: no out-of-office replies to them (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }
}
